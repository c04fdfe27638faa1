using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Pages;
using Pickup.Abstractions.Security;
using Pickup.Plugins.Totp.Configuration;
using Pickup.Plugins.Totp.Enrollment;
using Pickup.Plugins.Totp.Pages;

namespace Pickup.Plugins.Totp;

/// <summary>The <c>totp</c> authenticator: a 6-digit code from an authenticator app (RFC 6238), enrolled at sign-in.</summary>
/// <remarks>
/// Once per server. <see cref="Configure"/> reads <c>[authentication.authenticator.totp.parameters]</c> (see
/// <see cref="TotpOptions"/>). The step needs a user identified by an earlier step.
/// </remarks>
public sealed class TotpAuthenticatorFactory : IAuthenticatorFactory
{
    /// <summary>The id in <c>[authentication.authenticator.totp]</c>.</summary>
    public const string AuthenticatorId = "totp";

    private readonly byte[] _pendingKey;
    private TotpOptions _options = new();

    /// <summary>Created by the engine's container.</summary>
    /// <param name="secrets">Derives the key that seals a secret waiting for its first code.</param>
    public TotpAuthenticatorFactory(IServerSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _pendingKey = secrets.DeriveKey(PendingSecret.KeyPurpose);
    }

    /// <inheritdoc />
    public string Id => AuthenticatorId;

    /// <inheritdoc />
    public string DisplayName => "Authenticator app";

    /// <inheritdoc />
    public string AuthenticationMethod => "otp";

    /// <inheritdoc />
    /// <remarks>A code matched (at sign-in, or the first code of an enrolment).</remarks>
    public string? SuccessAuditEvent => TotpPlugin.VerifiedEvent;

    /// <summary>The settings read by <see cref="Configure"/> (defaults before).</summary>
    public TotpOptions Options => _options;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Templates => TotpPages.All;

    /// <inheritdoc />
    public IReadOnlyCollection<PageDeclaration> Pages =>
    [
        PageDeclaration.For<TotpCodePageModel>(TotpPages.CodePage),
        PageDeclaration.For<TotpEnrollPageModel>(TotpPages.EnrollPage),
        PageDeclaration.For<TotpErrorPageModel>(TotpPages.ErrorPage),
    ];

    /// <inheritdoc />
    public void Configure(PluginParameters parameters) => _options = TotpOptions.Read(parameters);

    /// <inheritdoc />
    public void ValidateIdentityProvider(IdentityProviderSettings identityProvider)
    {
        ArgumentNullException.ThrowIfNull(identityProvider);

        // A local authenticator: an identity provider naming it as its federated authenticator is a mistake.
        identityProvider.Properties.AddError(
            identityProvider.Properties.TableLocation,
            $"'{AuthenticatorId}' is a local authenticator and cannot be an identity provider's federated authenticator");
    }

    /// <inheritdoc />
    public IAuthenticator Create(IServiceProvider requestServices) => new TotpAuthenticator(requestServices, _options, _pendingKey);
}
