namespace Pickup.Bench;

/// <summary>One driver's latencies per step, in milliseconds; merged once the run is over, so no locks while timing.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<double>[] _samples = Enum.GetValues<Step>().Select(_ => new List<double>()).ToArray();

    public void Add(Step step, TimeSpan elapsed) => _samples[(int)step].Add(elapsed.TotalMilliseconds);

    public IReadOnlyList<double> Samples(Step step) => _samples[(int)step];

    /// <summary>Nearest-rank percentile of the merged samples of every recorder for a step.</summary>
    public static double Percentile(IEnumerable<LatencyRecorder> recorders, Step step, double percentile)
    {
        var all = recorders.SelectMany(r => r.Samples(step)).Order().ToArray();
        if (all.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * all.Length);
        return all[Math.Clamp(rank - 1, 0, all.Length - 1)];
    }
}
