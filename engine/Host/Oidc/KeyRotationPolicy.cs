using Pickup.Core.Configuration;

namespace Pickup.Host.Oidc;

/// <summary>How long a rotated key waits before it is used, and how long an old one stays after it is replaced.</summary>
internal static class KeyRotationPolicy
{
    /// <summary>
    /// A new identity token signing key is published this long before it signs anything: clients cache the JWKS
    /// (Microsoft.IdentityModel refreshes it every 12 hours by default, many libraries daily), and a client holding a
    /// cached JWKS without the new key would refuse identity tokens signed with it.
    /// </summary>
    public static readonly TimeSpan PublicationLead = TimeSpan.FromHours(24);

    /// <summary>
    /// The keys only the engine reads back (codes, access and refresh tokens) are used this long after they are made,
    /// even with <c>keys rotate --now</c>: every node re-reads the keys at least once a minute (<c>[oidc]
    /// key_reload_seconds</c> is at most 60), so by then every node can read what any node makes with the new key.
    /// </summary>
    public static readonly TimeSpan EngineKeyLead = TimeSpan.FromMinutes(5);

    // OpenIddict's lifetimes, which the engine keeps: authorization codes 5 minutes, identity tokens 20 minutes,
    // access tokens 1 hour.
    private static readonly TimeSpan LongestShortLivedToken = TimeSpan.FromHours(1);

    // Clocks of nodes and clients differ a little; a key stays this much longer than the last token it made.
    private static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a key stays published and accepted after its successor activates: until every token it could have
    /// made has expired. Refresh tokens live longest: each expires 14 days (sliding) after it was issued, or at
    /// <c>[oidc] refresh_token_lifetime_seconds</c> when that is shorter.
    /// </summary>
    public static TimeSpan Retention(OidcOptions oidc)
    {
        ArgumentNullException.ThrowIfNull(oidc);
        var refresh = OidcServiceCollectionExtensions.RefreshTokenLifetime(oidc);
        return (refresh > LongestShortLivedToken ? refresh : LongestShortLivedToken) + ClockMargin;
    }
}
