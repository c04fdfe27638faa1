using Microsoft.Extensions.DependencyInjection;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Credentials;
using Pickup.Abstractions.Pages;
using Pickup.Abstractions.Users;

namespace Contoso.Pin;

/// <summary>Describes the PIN factor and creates it per request. Once per server.</summary>
public sealed class PinAuthenticatorFactory : IAuthenticatorFactory
{
    /// <inheritdoc />
    public string Id => PinNames.Id;

    /// <inheritdoc />
    public string DisplayName => "PIN";

    /// <inheritdoc />
    public string AuthenticationMethod => "pin";

    /// <inheritdoc />
    public IReadOnlyCollection<string> Templates => [PinNames.Template];

    /// <inheritdoc />
    public IReadOnlyCollection<PageDeclaration> Pages => [PageDeclaration.For<PinPageModel>(PinNames.Template)];

    /// <inheritdoc />
    public void Configure(PluginParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        // No parameters yet: a typo in the TOML is an error at start-up, never silently ignored.
        parameters.RejectUnknownKeys([]);
    }

    /// <inheritdoc />
    public void ValidateIdentityProvider(IdentityProviderSettings identityProvider)
    {
        ArgumentNullException.ThrowIfNull(identityProvider);
        identityProvider.Properties.RejectUnknownKeys([]);
    }

    /// <inheritdoc />
    public IAuthenticator Create(IServiceProvider requestServices) =>
        new PinAuthenticator(
            requestServices.GetRequiredService<IUserDirectory>(),
            requestServices.GetRequiredService<ICredentialStore>());
}
