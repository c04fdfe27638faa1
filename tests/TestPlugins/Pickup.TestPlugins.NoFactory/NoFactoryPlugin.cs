using Microsoft.Extensions.DependencyInjection;
using Pickup.Abstractions.Plugins;
using Pickup.TestPlugins.NoFactory;

[assembly: PickupPlugin(typeof(NoFactoryPlugin), Authenticators = ["nofactory"])]

namespace Pickup.TestPlugins.NoFactory;

/// <summary>Registers nothing, although it declares <c>nofactory</c>.</summary>
public sealed class NoFactoryPlugin : IPickupPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services)
    {
        // Deliberately empty: the engine must notice the missing factory.
    }
}
