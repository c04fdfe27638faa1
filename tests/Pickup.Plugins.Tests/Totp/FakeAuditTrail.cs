using System.Collections.Concurrent;
using Pickup.Abstractions.Auditing;

namespace Pickup.Plugins.Tests.Totp;

/// <summary>Keeps what was audited; refuses types the plugin did not declare, as the engine does.</summary>
internal sealed class FakeAuditTrail : IAuditTrail
{
    private readonly HashSet<string> _declared;

    public FakeAuditTrail(IEnumerable<string> declared)
    {
        _declared = declared.ToHashSet(StringComparer.Ordinal);
    }

    public ConcurrentQueue<AuditRecord> Records { get; } = new();

    public Task WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        if (!_declared.Contains(record.Type))
        {
            throw new InvalidOperationException($"audit type '{record.Type}' was not declared");
        }

        Records.Enqueue(record);
        return Task.CompletedTask;
    }
}
