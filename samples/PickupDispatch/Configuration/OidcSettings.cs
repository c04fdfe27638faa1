namespace Pickup.Samples.PickupDispatch.Configuration;

/// <summary>
/// The <c>Oidc</c> configuration section: where the app logs its drivers in
/// (<c>Oidc__Authority</c>, <c>Oidc__ClientId</c>, <c>Oidc__ClientSecret</c> as environment variables).
/// </summary>
public sealed class OidcSettings
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Oidc";

    /// <summary>The engine's issuer URL; discovery is read from <c>.well-known/openid-configuration</c> under it.</summary>
    public string Authority { get; set; } = "http://localhost:9443/";

    /// <summary>The client id the engine's service-provider file registers.</summary>
    public string ClientId { get; set; } = "pickup-dispatch";

    /// <summary>The client secret; empty makes the app a public client (PKCE alone).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// Where the engine sends the browser after logout. Empty means the app's root as seen by the
    /// request (<c>http://localhost:8080/pickup-dispatch/</c> in the demo); it must match a
    /// registered <c>post_logout_redirect_urls</c> entry exactly.
    /// </summary>
    public string? PostLogoutRedirectUri { get; set; }
}
