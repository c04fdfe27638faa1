using System.Collections.Concurrent;
using Pickup.Abstractions.Limits;

namespace Pickup.Core.Limits;

/// <summary>Fixed-window counts in this process's memory, dropped when their window has passed.</summary>
public sealed class InMemoryWindowCounter(TimeProvider time) : IWindowCounter
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private long _lastSweepTicks;

    /// <inheritdoc />
    public ValueTask<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcTicks;
        var start = now - (now % window.Ticks);
        var end = start + window.Ticks;
        var entry = _windows.AddOrUpdate(
            key,
            _ => new Window(end, 1),
            (_, current) => current.EndTicks == end ? current with { Count = current.Count + 1 } : new Window(end, 1));
        Sweep(now);
        return ValueTask.FromResult(entry.Count);
    }

    // Old windows go at most once a minute, so memory follows the keys active in the last window.
    private void Sweep(long now)
    {
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (now - last < TimeSpan.TicksPerMinute || Interlocked.CompareExchange(ref _lastSweepTicks, now, last) != last)
        {
            return;
        }

        foreach (var (key, window) in _windows)
        {
            if (window.EndTicks <= now)
            {
                _windows.TryRemove(KeyValuePair.Create(key, window));
            }
        }
    }

    private sealed record Window(long EndTicks, long Count);
}
