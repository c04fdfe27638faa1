namespace Pickup.Abstractions.Auditing;

/// <summary>
/// Writes to the engine's audit trail (<c>pickup audit tail</c>). A plugin may write only the event types it
/// declared (<see cref="Plugins.PluginContributions.AuditEvent"/>) or the engine's own; any other type throws.
/// </summary>
public interface IAuditTrail
{
    /// <summary>Appends one event; the engine stamps the time.</summary>
    Task WriteAsync(AuditRecord record, CancellationToken cancellationToken);
}

/// <summary>One audit event as a plugin reports it. Never put a secret, a code or a password in it.</summary>
public sealed class AuditRecord
{
    /// <summary>Creates an event of a declared type.</summary>
    public AuditRecord(string type)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        Type = type;
    }

    /// <summary>The event type, like <c>code.sent</c>.</summary>
    public string Type { get; }

    /// <summary>The user's id, if one is known.</summary>
    public string? UserId { get; init; }

    /// <summary>The user's name, if one is known.</summary>
    public string? Username { get; init; }

    /// <summary>The OIDC client, if any.</summary>
    public string? ClientId { get; init; }

    /// <summary>The browser's address, if any.</summary>
    public string? RemoteAddress { get; init; }

    /// <summary>A short description, without secrets.</summary>
    public string? Detail { get; init; }
}
