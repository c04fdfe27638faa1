using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Pages;

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
    /// What passing a step with this factor proves, as an RFC 8176 <c>amr</c> value for the identity token (e.g.
    /// <c>pwd</c>, <c>pin</c>, <c>hwk</c>, <c>face</c>); the token also says <c>mfa</c> when two or more different values
    /// were proved. Defaults to <see cref="Id"/>. Not counted for a step the authenticator skipped
    /// (<see cref="AuthenticatorResult.Skip"/>).
    /// </summary>
    string AuthenticationMethod => Id;

    /// <summary>
    /// The audit event type the engine records, with the attempt's user, client and address, when this factor passes a
    /// step (e.g. <c>code.verified</c>); null for none (the default). Not recorded for a skipped step.
    /// </summary>
    string? SuccessAuditEvent => null;

    /// <summary>
    /// Template paths (relative to <c>endpoints/</c>, without extension, e.g.
    /// <c>pinauthenticationendpoint/pin</c>) this authenticator renders. The engine refuses to start
    /// when one is missing, or when its name is not one the page routes serve (<c>&lt;area&gt;/&lt;page&gt;</c>, the
    /// area lower-case letters ending in <c>endpoint</c>, the page letters and <c>-</c>). Read after <see cref="Configure"/>.
    /// </summary>
    IReadOnlyCollection<string> Templates { get; }

    /// <summary>
    /// The model type of each page in <see cref="Templates"/>, so the engine checks every variable a template uses at
    /// start-up (see <see cref="PageDeclaration"/>): a misspelt variable is a <c>file:line:col</c> error, never a
    /// failed page. Read once after <see cref="Configure"/>. A template of <see cref="Templates"/> with no declaration is
    /// not checked, and start-up warns about it. Defaults to none.
    /// </summary>
    IReadOnlyCollection<PageDeclaration> Pages => [];

    /// <summary>
    /// The claim URIs this authenticator's pages may write to a user's profile with the parameters read by
    /// <see cref="Configure"/> (e.g. a page asking for a phone number); empty (the default) when its pages change no
    /// claim. Read once after <see cref="Configure"/>. <c>pickup config check</c> and start-up warn when a service
    /// provider takes the token's <c>sub</c> from one of these, since users could then choose their own subject.
    /// </summary>
    IReadOnlyCollection<string> WritableClaims => [];

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
