namespace Pickup.Bench;

/// <summary>Everything one run measured.</summary>
internal sealed record BenchResult(
    BenchOptions Options,
    Installation Installation,
    double HashFloorPerSecond,
    TimeSpan Startup,
    TimeSpan Elapsed,
    int Completed,
    Dictionary<string, int> Errors,
    TimeSpan EngineCpu,
    TimeSpan DriverCpu,
    long EnginePeakBytes,
    long EngineLogLines,
    IReadOnlyList<LatencyRecorder> Latencies)
{
    public double LoginsPerSecond => Completed / Elapsed.TotalSeconds;

    public int ErrorCount => Errors.Values.Sum();

    public double EngineCpuMsPerLogin => Completed == 0 ? double.NaN : EngineCpu.TotalMilliseconds / Completed;

    public double DriverCpuMsPerLogin => Completed == 0 ? double.NaN : DriverCpu.TotalMilliseconds / Completed;
}
