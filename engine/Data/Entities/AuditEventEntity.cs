namespace Pickup.Data.Entities;

/// <summary>One stored audit event (see <c>Pickup.Core.Auditing.AuditEvent</c>); rows are only ever added.</summary>
public sealed class AuditEventEntity
{
    /// <summary>Increasing with each row: the order of the trail (timestamps of two nodes may tie or disagree).</summary>
    public long Id { get; set; }

    public required string Type { get; set; }

    public DateTimeOffset At { get; set; }

    public string? UserId { get; set; }

    public string? Username { get; set; }

    public string? ClientId { get; set; }

    public string? RemoteAddress { get; set; }

    public string? Detail { get; set; }
}
