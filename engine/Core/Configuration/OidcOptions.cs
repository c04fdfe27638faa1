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
}
