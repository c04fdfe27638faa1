using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Pages;
using Pickup.Plugins.Basic.Login;

namespace Pickup.Plugins.Basic;

/// <summary>The <c>basic</c> authenticator: a username and password checked against the engine's user directory.</summary>
/// <remarks>Once per server. It has no parameters; any key in its <c>parameters</c> table is reported as unknown.</remarks>
public sealed class BasicAuthenticatorFactory : IAuthenticatorFactory
{
    /// <summary>The id in <c>[authentication.authenticator.basic]</c>.</summary>
    public const string AuthenticatorId = "basic";

    /// <inheritdoc />
    public string Id => AuthenticatorId;

    /// <inheritdoc />
    public string DisplayName => "Username and password";

    /// <inheritdoc />
    public string AuthenticationMethod => "pwd";

    /// <inheritdoc />
    public IReadOnlyCollection<string> Templates { get; } = [LoginPage.Template];

    /// <inheritdoc />
    public IReadOnlyCollection<PageDeclaration> Pages { get; } = [PageDeclaration.For<LoginPageModel>(LoginPage.Template)];

    /// <inheritdoc />
    public void Configure(PluginParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);

        // RejectUnknownKeys([]) would say "expected one of: " with nothing after it; say plainly that none are taken.
        foreach (var key in parameters.Keys)
        {
            parameters.AddError(key, $"unknown key '{key}': the '{AuthenticatorId}' authenticator takes no parameters");
        }
    }

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
    public IAuthenticator Create(IServiceProvider requestServices) => new BasicAuthenticator(requestServices);
}
