using Pickup.Abstractions.Configuration;

namespace Pickup.Abstractions.Authentication;

/// <summary>
/// Describes one authenticator (a login factor) and creates its per-request instances.
/// </summary>
/// <remarks>
/// Lifetime: once per server (registered as a singleton by the plugin). The engine calls
/// <see cref="Configure"/> once at start-up, then <see cref="ValidateIdentityProvider"/> once per identity provider
/// that federates to this authenticator, before it serves any request; any error recorded in the
/// <see cref="PluginParameters"/> stops start-up with the file, line and column.
/// </remarks>
public interface IAuthenticatorFactory
{
    /// <summary>The id used in <c>[authentication.authenticator.&lt;id&gt;]</c> and in step options.</summary>
    string Id { get; }

    /// <summary>A short name shown to drivers on the multi-option page.</summary>
    string DisplayName { get; }

    /// <summary>
    /// Template paths (relative to <c>endpoints/</c>, without extension, e.g.
    /// <c>smsotpauthenticationendpoint/smsotp</c>) this authenticator renders. The engine refuses to start
    /// when one is missing. Read after <see cref="Configure"/>.
    /// </summary>
    IReadOnlyCollection<string> Templates { get; }

    /// <summary>Reads and validates the authenticator's <c>parameters</c> table. Called once, at start-up.</summary>
    void Configure(PluginParameters parameters);

    /// <summary>
    /// Validates an identity provider's <c>[federated.&lt;id&gt;]</c> properties. Called once per identity provider at
    /// start-up; record problems in <see cref="IdentityProviderSettings.Properties"/>.
    /// </summary>
    void ValidateIdentityProvider(IdentityProviderSettings identityProvider);

    /// <summary>Creates the authenticator for one request.</summary>
    /// <param name="requestServices">The request's scoped service provider.</param>
    IAuthenticator Create(IServiceProvider requestServices);
}
