using Pickup.Core.Auditing;

namespace Pickup.Core.Tests.Flow;

/// <summary>An audit trail kept in a list, so tests can read what the engine recorded.</summary>
internal sealed class RecordingAuditLog : IAuditLog
{
    private readonly Lock _gate = new();
    private readonly List<AuditEvent> _events = [];

    public IReadOnlyList<AuditEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public Task WriteAsync(AuditEvent auditEvent, CancellationToken ct)
    {
        lock (_gate)
        {
            _events.Add(auditEvent);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEvent>> TailAsync(int count, CancellationToken ct)
    {
        var events = Events;
        return Task.FromResult<IReadOnlyList<AuditEvent>>([.. events.Skip(Math.Max(0, events.Count - count))]);
    }

    public async Task<IReadOnlyList<AuditEvent>> TailAsync(int count, string type, CancellationToken ct)
    {
        var events = (await TailAsync(int.MaxValue, ct)).Where(e => e.Type == type).ToList();
        return [.. events.Skip(Math.Max(0, events.Count - count))];
    }
}
