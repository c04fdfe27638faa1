namespace Pickup.Core.Limits;

/// <summary>
/// Counts events per key in fixed time windows, for per-key limits (SMS sends, logins started per address). Once per server; safe for concurrent use.
/// One node keeps counts in memory; nodes sharing limits need a shared implementation.
/// </summary>
public interface IWindowCounter
{
    /// <summary>Adds one to <paramref name="key"/>'s count in the current <paramref name="window"/> and returns the new count.</summary>
    ValueTask<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken);
}
