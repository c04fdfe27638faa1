using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Plugins;
using Pickup.Plugins.Basic;

[assembly: PickupPlugin(typeof(BasicPlugin), Authenticators = [BasicAuthenticatorFactory.AuthenticatorId])]

namespace Pickup.Plugins.Basic;

/// <summary>Registers the username-and-password authenticator (<c>basic</c>).</summary>
public sealed class BasicPlugin : IPickupPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthenticatorFactory, BasicAuthenticatorFactory>());
}
