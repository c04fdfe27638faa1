using Microsoft.Extensions.DependencyInjection;

namespace Pickup.Abstractions.Plugins;

/// <summary>
/// The entry point of a plugin: registers its services into the engine's container.
/// </summary>
/// <remarks>
/// Created once per server, and <see cref="ConfigureServices"/> is called once, before the container is built,
/// only when at least one of the plugin's ids is enabled by configuration. Register with <c>TryAdd*</c> /
/// <c>TryAddEnumerable</c> so that registering twice is harmless. Authenticators are registered as
/// <see cref="Authentication.IAuthenticatorFactory"/> singletons; a service provided to other plugins is registered
/// as the interface of its shared contract assembly (see <see cref="PickupPluginAttribute.Provides"/>).
/// </remarks>
public interface IPickupPlugin
{
    /// <summary>Adds the plugin's services.</summary>
    /// <param name="services">The engine's service collection.</param>
    void ConfigureServices(IServiceCollection services);

    /// <summary>
    /// Declares the names the plugin contributes (audit event types, credential types, commands, claim rules).
    /// Called for every plugin found, enabled or not, before any <see cref="ConfigureServices"/>; it must not
    /// depend on configuration.
    /// </summary>
    /// <param name="contributions">Where to declare them.</param>
    void Describe(PluginContributions contributions)
    {
    }
}
