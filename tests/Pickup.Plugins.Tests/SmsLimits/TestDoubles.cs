using System.Collections.Concurrent;
using Pickup.Abstractions.Auditing;
using Pickup.Abstractions.Limits;

namespace Pickup.Plugins.Tests.SmsLimits;

/// <summary>An audit trail kept in a list, so tests can read what the plugin recorded.</summary>
internal sealed class RecordingAuditTrail : IAuditTrail
{
    private readonly ConcurrentQueue<AuditRecord> _records = new();

    public IReadOnlyList<AuditRecord> Events => [.. _records];

    public Task WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        _records.Enqueue(record);
        return Task.CompletedTask;
    }
}

/// <summary>The engine's counter as a plugin sees it: fixed windows on the given clock, in memory.</summary>
internal sealed class WindowCounter(TimeProvider time) : IWindowCounter
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public ValueTask<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcTicks;
        return ValueTask.FromResult(_counts.AddOrUpdate($"{key}@{now - (now % window.Ticks)}", 1, (_, count) => count + 1));
    }
}
