using Pickup.Abstractions.Configuration;

namespace Pickup.Core.Configuration;

/// <summary>
/// The plugins' own <c>deployment.toml</c> tables as loaded (<see cref="IDeploymentSections"/>): those of the
/// configuration the engine serves now, so a live reload's values reach a plugin that reads its table again.
/// Once per server.
/// </summary>
public sealed class DeploymentSections : IDeploymentSections
{
    private readonly Func<PickupConfiguration> _configuration;

    /// <summary>The tables of one configuration that never changes (commands, tests).</summary>
    public DeploymentSections(PickupConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _configuration = () => configuration;
    }

    /// <summary>The tables of whichever configuration <paramref name="current"/> gives at each call.</summary>
    public DeploymentSections(Func<PickupConfiguration> current)
    {
        ArgumentNullException.ThrowIfNull(current);
        _configuration = current;
    }

    /// <inheritdoc />
    public PluginParameters Table(string path) =>
        _configuration().PluginSections.TryGetValue(path, out var table)
            ? table
            : throw new KeyNotFoundException($"no plugin declared the configuration section [{path}]; declare it in IPickupPlugin.Describe");
}
