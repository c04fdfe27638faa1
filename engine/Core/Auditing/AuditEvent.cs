namespace Pickup.Core.Auditing;

/// <summary>
/// One security-relevant thing that happened: a login, a code sent, an account locked, an admin's change, a
/// configuration load. Stored and logged by <see cref="IAuditLog"/>.
/// </summary>
/// <remarks>
/// Deliberately has no field for a secret: never put a password, one-time code, recovery code, key or token in
/// <see cref="Detail"/> either (a phone number goes in masked). Immutable.
/// </remarks>
/// <param name="Type">What happened: one of <see cref="AuditEventTypes"/>.</param>
public sealed record AuditEvent(string Type)
{
    /// <summary>When it happened; left at its default, the audit log stamps the time it receives the event.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The user concerned (the account, not the admin acting on it), when known.</summary>
    public string? UserId { get; init; }

    /// <summary>That user's login name; the audit log looks it up from <see cref="UserId"/> when left null.</summary>
    public string? Username { get; init; }

    /// <summary>The OpenID Connect client the login was for, when known.</summary>
    public string? ClientId { get; init; }

    /// <summary>The browser's IP address; the audit log takes the current request's when left null.</summary>
    public string? RemoteAddress { get; init; }

    /// <summary>A short human-readable detail (a failure key, a masked number, a count). Never a secret.</summary>
    public string? Detail { get; init; }
}
