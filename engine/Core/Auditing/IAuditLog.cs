namespace Pickup.Core.Auditing;

/// <summary>The audit trail: every <see cref="AuditEvent"/> is stored and written as one structured log line.</summary>
/// <remarks>Lifetime: once per server (singleton); safe to call concurrently and from singletons.</remarks>
public interface IAuditLog
{
    /// <summary>
    /// Records one event. The log line is written first, so an event that cannot be stored (a database outage) is
    /// still seen, as an error besides; a storage failure never fails the caller's work.
    /// </summary>
    /// <param name="auditEvent">What happened.</param>
    /// <param name="ct">
    /// Not honoured: a client that hangs up must not be able to erase the trace of what it did (the store's own command
    /// timeout bounds the wait).
    /// </param>
    Task WriteAsync(AuditEvent auditEvent, CancellationToken ct);

    /// <summary>The newest <paramref name="count"/> events, oldest first.</summary>
    Task<IReadOnlyList<AuditEvent>> TailAsync(int count, CancellationToken ct);

    /// <summary>The newest <paramref name="count"/> events of one <see cref="AuditEvent.Type"/>, oldest first.</summary>
    Task<IReadOnlyList<AuditEvent>> TailAsync(int count, string type, CancellationToken ct);
}
