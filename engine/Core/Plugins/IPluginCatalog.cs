using Pickup.Abstractions.Plugins;

namespace Pickup.Core.Plugins;

/// <summary>The plugins found in the installation's plugin folders. Once per server.</summary>
/// <remarks>Our own seam over the loader library, so that it can be replaced without touching the engine.</remarks>
public interface IPluginCatalog
{
    /// <summary>Plugins that loaded and declared themselves correctly.</summary>
    IReadOnlyList<PluginDescriptor> Plugins { get; }

    /// <summary>Folders that looked like plugins but could not be used, with the reason.</summary>
    IReadOnlyList<PluginLoadFailure> Failures { get; }

    /// <summary>
    /// The contract assemblies (<c>*.Contracts.dll</c>) found in the plugin folders, one shared copy each: a provider
    /// and its consumers see the same types.
    /// </summary>
    IReadOnlyList<string> SharedContracts { get; }

    /// <summary>Creates the plugin's entry point.</summary>
    IPickupPlugin CreateStartup(PluginDescriptor plugin);
}

/// <summary>One loaded plugin.</summary>
/// <param name="Name">The plugin folder's name (= its main assembly's name).</param>
/// <param name="AssemblyPath">The main assembly.</param>
/// <param name="Authenticators">Authenticator ids it declares.</param>
/// <param name="Provides">Ids of the services it provides to other plugins (a federated authenticator's <c>provider</c> names one).</param>
/// <param name="Version">The assembly's informational version.</param>
public sealed record PluginDescriptor(
    string Name,
    string AssemblyPath,
    IReadOnlyList<string> Authenticators,
    IReadOnlyList<string> Provides,
    string Version)
{
    /// <summary>Every id the plugin declares: its authenticators, then the services it provides.</summary>
    public IEnumerable<string> Ids => Authenticators.Concat(Provides);
}

/// <summary>A plugin folder that could not be loaded.</summary>
/// <param name="Directory">The folder.</param>
/// <param name="Reason">One sentence for an administrator.</param>
public sealed record PluginLoadFailure(string Directory, string Reason);
