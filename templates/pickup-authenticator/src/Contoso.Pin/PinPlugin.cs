using Contoso.Pin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Plugins;

// The engine reads only this attribute: which type registers the plugin and which ids it provides.
[assembly: PickupPlugin(typeof(PinPlugin), Authenticators = [PinNames.Id])]

namespace Contoso.Pin;

/// <summary>The plugin's entry point: declares its names and registers its authenticator.</summary>
public sealed class PinPlugin : IPickupPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthenticatorFactory, PinAuthenticatorFactory>());

    /// <inheritdoc />
    public void Describe(PluginContributions contributions)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        contributions
            .CredentialType(PinNames.CredentialType, "A user's PIN (hashed), set by an administrator")
            .AuditEvent(PinNames.PinSetEvent, "An administrator set a user's PIN")
            .Command(new SetPinCommand());
    }
}
