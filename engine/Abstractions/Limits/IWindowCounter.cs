namespace Pickup.Abstractions.Limits;

/// <summary>
/// Counts events per key in fixed time windows, for per-key limits (codes sent to one address, logins started from
/// one client). The engine provides one: in memory on a single node, in Redis when <c>[session] store = "redis"</c>,
/// so a limit holds across every node.
/// </summary>
/// <remarks>
/// Lifetime: once per server (singleton), safe for concurrent use; resolve it from the container. Keys share one
/// space with the engine's and other plugins' keys: start yours with your plugin's id (<c>acme_pin:user:…</c>).
/// </remarks>
public interface IWindowCounter
{
    /// <summary>Adds one to <paramref name="key"/>'s count in the current <paramref name="window"/> and returns the new count.</summary>
    /// <param name="key">What is counted; never a secret (it may be stored in Redis as is).</param>
    /// <param name="window">The window's length; windows start at multiples of it since the Unix epoch.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    ValueTask<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken);
}
