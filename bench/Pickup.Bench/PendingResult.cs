namespace Pickup.Bench;

/// <summary>Everything one pending-login run measured.</summary>
/// <param name="HeapBefore">Null when the heap could not be read (then <paramref name="HeapFailure"/> says why).</param>
/// <param name="HeapAfter">Null when the heap could not be read (then <paramref name="HeapFailure"/> says why).</param>
internal sealed record PendingResult(
    BenchOptions Options,
    TimeSpan Startup,
    int Created,
    TimeSpan Elapsed,
    bool TimeLimitReached,
    Dictionary<string, int> Errors,
    int SmsSent,
    HeapSize? HeapBefore,
    HeapSize? HeapAfter,
    string? HeapFailure,
    long ResidentBefore,
    long ResidentAfter)
{
    /// <summary>Issue 5: at most 4 KiB of server-side state per login waiting for its code.</summary>
    public const int TargetBytes = 4096;

    public int ErrorCount => Errors.Values.Sum();

    /// <summary>
    /// Growth of the sum of the generations' sizes per pending login. It includes free space when the runtime chose
    /// not to compact (it decides that for an induced collection), so it varies from run to run by a third.
    /// </summary>
    public double? GenerationBytesPerPending =>
        HeapBefore is null || HeapAfter is null || Created == 0 ? null : (double)(HeapAfter.GenerationBytes - HeapBefore.GenerationBytes) / Created;

    /// <summary>
    /// Growth of the bytes that survived the full collection per pending login: what a compacting collection would
    /// leave, free space left out. The number held against the target.
    /// </summary>
    public double? LiveBytesPerPending =>
        HeapBefore is null || HeapAfter is null || Created == 0 ? null : (double)(HeapAfter.LiveBytes - HeapBefore.LiveBytes) / Created;

    /// <summary>Growth of the resident set per pending login: native memory and the GC's own reserve included.</summary>
    public double ResidentBytesPerPending => Created == 0 ? double.NaN : (double)(ResidentAfter - ResidentBefore) / Created;
}
