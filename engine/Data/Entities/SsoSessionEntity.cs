namespace Pickup.Data.Entities;

/// <summary>
/// One browser's single sign-on session (<see cref="Sessions.SsoSessionStore"/>). The cookie value itself is never
/// stored, only its SHA-256: someone who reads the database cannot ride a session.
/// </summary>
public sealed class SsoSessionEntity
{
    /// <summary>The public id: the <c>sid</c> claim of the identity tokens the session issued (128 random bits, base64url).</summary>
    public required string Id { get; set; }

    /// <summary>SHA-256 (base64url) of the cookie value.</summary>
    public required string SecretHash { get; set; }

    public required string UserId { get; set; }

    /// <summary>When the user last actively authenticated in this session (the newest step actually run).</summary>
    public DateTimeOffset AuthTime { get; set; }

    /// <summary>JSON object: each authenticator id proven in this session, with when.</summary>
    public required string Factors { get; set; }

    /// <summary>JSON object: each client (<c>client_id</c>) the session signed in to, with the <c>sub</c> it was given.</summary>
    public required string Clients { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>The absolute end (<c>[session] sso_max_seconds</c> after creation).</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Changed by every update: two requests updating the same session at once cannot lose one's change.</summary>
    public required string Stamp { get; set; }
}
