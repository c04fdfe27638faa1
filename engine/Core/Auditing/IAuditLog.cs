namespace Pickup.Core.Auditing;

/// <summary>The audit trail: every <see cref="AuditEvent"/> is stored and written as one structured log line.</summary>
/// <remarks>
/// Lifetime: once per server (singleton); safe to call concurrently and from singletons. An event is stored shortly
/// after <see cref="WriteAsync"/> returns, off the caller's path: one writer stores events in the order they were
/// written, several to a transaction when they gather. <see cref="TailAsync(int, CancellationToken)"/> sees every event
/// written before it in this process. Shutdown stores what is still queued; a crash can lose at most the events still
/// queued, and those are in the log already.
/// </remarks>
public interface IAuditLog
{
    /// <summary>
    /// Records one event: writes the log line, then queues the event for storage and returns (it waits only while the
    /// queue is full; no event is dropped). An event that cannot be stored (a database outage) is still seen in the log,
    /// with an error besides; a storage failure never fails the caller's work.
    /// </summary>
    /// <param name="auditEvent">What happened.</param>
    /// <param name="ct">
    /// Not honoured: a client that hangs up must not be able to erase the trace of what it did (the only wait is for
    /// room in the queue, which the writer keeps making).
    /// </param>
    Task WriteAsync(AuditEvent auditEvent, CancellationToken ct);

    /// <summary>The newest <paramref name="count"/> events, oldest first, including every one written before the call.</summary>
    Task<IReadOnlyList<AuditEvent>> TailAsync(int count, CancellationToken ct);

    /// <summary>
    /// The newest <paramref name="count"/> events of one <see cref="AuditEvent.Type"/>, oldest first, including every one
    /// written before the call.
    /// </summary>
    Task<IReadOnlyList<AuditEvent>> TailAsync(int count, string type, CancellationToken ct);
}
