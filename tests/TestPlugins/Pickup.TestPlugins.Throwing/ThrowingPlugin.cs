using Microsoft.Extensions.DependencyInjection;
using Pickup.Abstractions.Plugins;
using Pickup.TestPlugins.Throwing;

[assembly: PickupPlugin(typeof(ThrowingPlugin), Authenticators = ["throwing"])]

namespace Pickup.TestPlugins.Throwing;

/// <summary>Fails on load, as a plugin with a bug would.</summary>
public sealed class ThrowingPlugin : IPickupPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services) =>
        throw new InvalidOperationException("the throwing fixture always fails to configure");
}
