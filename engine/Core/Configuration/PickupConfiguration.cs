using Pickup.Abstractions.Configuration;
using Pickup.Core.Configuration.Validation;

namespace Pickup.Core.Configuration;

/// <summary>Everything under <c>&lt;home&gt;/conf</c>, loaded and validated. Immutable once loaded; once per server.</summary>
public sealed class PickupConfiguration
{
    /// <summary>The home: the folder holding <c>conf/</c> and <c>data/</c> (absolute).</summary>
    public required string HomeDirectory { get; init; }

    public required DeploymentOptions Deployment { get; init; }

    /// <summary>Every <c>[authentication.authenticator.&lt;id&gt;]</c> table, enabled or not.</summary>
    public required IReadOnlyList<AuthenticatorConfig> Authenticators { get; init; }

    public required IReadOnlyList<IdentityProviderConfig> IdentityProviders { get; init; }

    public required IReadOnlyList<ServiceProviderConfig> ServiceProviders { get; init; }

    /// <summary>
    /// The <c>deployment.toml</c> tables plugins declared as theirs, by dotted path (empty tables for absent ones);
    /// empty when the configuration was loaded without the plugins' declarations.
    /// </summary>
    public IReadOnlyDictionary<string, PluginParameters> PluginSections { get; init; } = new Dictionary<string, PluginParameters>();

    /// <summary>The folder where the engine writes (<c>&lt;home&gt;/data</c>).</summary>
    public string DataDirectory => Path.Combine(HomeDirectory, "data");

    /// <summary>
    /// The theme's folder (<c>&lt;home&gt;/themes/&lt;theme&gt;</c>, absolute) when <c>[ui] theme</c> names one, else null.
    /// It goes first among the page renderer's folders, so its files override the shipped pages and texts.
    /// </summary>
    public string? ThemeDirectory =>
        string.IsNullOrEmpty(Deployment.Ui.Theme) ? null : UiOptionsValidator.ThemeDirectory(HomeDirectory, Deployment.Ui.Theme);
}

/// <summary>One <c>[authentication.authenticator.&lt;id&gt;]</c> table.</summary>
public sealed class AuthenticatorConfig
{
    /// <summary>The table's id (<c>basic</c>): the plugin id.</summary>
    public required string Id { get; init; }

    /// <summary>The <c>name</c> key (<c>BasicAuthenticator</c>).</summary>
    public required string Name { get; init; }

    public required bool Enable { get; init; }

    /// <summary>The <c>.parameters</c> sub-table (empty when absent).</summary>
    public required PluginParameters Parameters { get; init; }

    /// <summary>Where the table header is.</summary>
    public required SourceLocation Location { get; init; }
}

/// <summary>One <c>conf/identity-providers/&lt;Name&gt;.toml</c>.</summary>
public sealed class IdentityProviderConfig
{
    public required string Name { get; init; }

    public required SourceLocation Location { get; init; }

    /// <summary>The <c>[federated.&lt;id&gt;]</c> tables.</summary>
    public required IReadOnlyList<FederatedAuthenticatorConfig> Federated { get; init; }
}

/// <summary>One <c>[federated.&lt;id&gt;]</c> table of an identity provider.</summary>
public sealed class FederatedAuthenticatorConfig
{
    /// <summary>The authenticator id (the <c>&lt;id&gt;</c> of <c>[federated.&lt;id&gt;]</c>).</summary>
    public required string AuthenticatorId { get; init; }

    public required bool Enable { get; init; }

    public required bool Default { get; init; }

    /// <summary>The <c>provider</c> key when present (an id a plugin provides, which the authenticator uses).</summary>
    public string? Provider { get; init; }

    /// <summary>All keys of the table except <c>enable</c> and <c>default</c>, for the authenticator to read.</summary>
    public required PluginParameters Properties { get; init; }

    public required SourceLocation Location { get; init; }
}

/// <summary>One <c>conf/service-providers/&lt;name&gt;.toml</c>: an application and how its users log in.</summary>
public sealed class ServiceProviderConfig
{
    public required string Name { get; init; }

    public required SourceLocation Location { get; init; }

    public required OidcClientConfig Oidc { get; init; }

    /// <summary>The claim whose value is the ID token's <c>sub</c> (default <c>http://wso2.org/claims/username</c>).</summary>
    public required string SubjectClaimUri { get; init; }

    /// <summary>Where <c>subject_claim_uri</c> is written; null when the file leaves it out (the default applies).</summary>
    public SourceLocation? SubjectClaimUriLocation { get; init; }

    /// <summary>Ordered authentication steps (at least one).</summary>
    public required IReadOnlyList<AuthenticationStepConfig> Steps { get; init; }
}

/// <summary><c>[oidc]</c> of a service provider.</summary>
public sealed class OidcClientConfig
{
    public required string ClientId { get; init; }

    /// <summary>Null for a public client (PKCE required).</summary>
    public string? ClientSecret { get; init; }

    public required IReadOnlyList<string> CallbackUrls { get; init; }

    public required IReadOnlyList<string> PostLogoutRedirectUrls { get; init; }

    /// <summary>
    /// <c>backchannel_logout_uri</c>: where the engine posts a logout token when a single sign-on session that signed in
    /// to this client ends (OpenID Connect Back-Channel Logout 1.0); null when the client takes none.
    /// </summary>
    public string? BackchannelLogoutUri { get; init; }

    /// <summary>
    /// <c>require_pkce</c>: the client must send a PKCE (S256) challenge with every authorization request. True by
    /// default; false (a confidential client only) lets a client that cannot do PKCE sign in with its secret alone.
    /// </summary>
    public bool RequirePkce { get; init; } = true;
}

/// <summary>One <c>[[authentication.steps]]</c>.</summary>
public sealed class AuthenticationStepConfig
{
    public bool UseSubject { get; init; }

    public bool UseAttributes { get; init; }

    /// <summary>At least one option; several show the multi-option page.</summary>
    public required IReadOnlyList<StepOptionConfig> Options { get; init; }

    public required SourceLocation Location { get; init; }
}

/// <summary>One option of a step: exactly one of <see cref="Authenticator"/> or <see cref="IdentityProvider"/>.</summary>
public sealed class StepOptionConfig
{
    /// <summary>A local authenticator id (<c>basic</c>).</summary>
    public string? Authenticator { get; init; }

    /// <summary>An identity provider's name: its default federated authenticator.</summary>
    public string? IdentityProvider { get; init; }

    public required SourceLocation Location { get; init; }
}
