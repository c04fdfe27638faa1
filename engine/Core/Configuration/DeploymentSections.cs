using Pickup.Abstractions.Configuration;

namespace Pickup.Core.Configuration;

/// <summary>The plugins' own <c>deployment.toml</c> tables as loaded (<see cref="IDeploymentSections"/>). Once per server.</summary>
public sealed class DeploymentSections(PickupConfiguration configuration) : IDeploymentSections
{
    /// <inheritdoc />
    public PluginParameters Table(string path) =>
        configuration.PluginSections.TryGetValue(path, out var table)
            ? table
            : throw new KeyNotFoundException($"no plugin declared the configuration section [{path}]; declare it in IPickupPlugin.Describe");
}
