namespace Pickup.Core.Configuration;

/// <summary><c>[oidc]</c>: the tokens the OpenID Connect server issues.</summary>
public sealed class OidcOptions
{
    /// <summary>The default absolute lifetime of a refresh token family: 30 days.</summary>
    public const int DefaultRefreshTokenLifetimeSeconds = 30 * 24 * 3600;

    /// <summary>
    /// <c>refresh_token_lifetime_seconds</c>: how long after the login (the ID token's <c>auth_time</c>) its refresh
    /// tokens may still be used, however often they were rotated. Each refresh token also expires on its own (sliding)
    /// 14 days after it was issued, or at this limit when that is sooner.
    /// </summary>
    public int RefreshTokenLifetimeSeconds { get; set; } = DefaultRefreshTokenLifetimeSeconds;

    /// <summary>
    /// <c>signing_key_rotation_days</c>: a node finding the active token keys older than this makes their next
    /// generation (published a day before it signs); 0 rotates only on <c>pickup keys rotate</c>.
    /// </summary>
    public int SigningKeyRotationDays { get; set; } = 90;

    /// <summary>
    /// <c>key_reload_seconds</c>: how often each node re-reads the keys from the database (for tests; leave it unset
    /// in production: the keys' timing assumes at most a minute).
    /// </summary>
    public int KeyReloadSeconds { get; set; } = 60;
}
