namespace Pickup.Abstractions.Configuration;

/// <summary>
/// The <c>deployment.toml</c> tables plugins declared as theirs (<see cref="PluginConfigurationSection"/>), as the
/// engine loaded and validated them.
/// </summary>
/// <remarks>
/// Lifetime: once per server (singleton), registered by the engine; read-only and thread-safe. The values never
/// change while the server runs, and start-up already refused every value the declaring plugin's validation
/// rejected, so reading them again with the same code records nothing new.
/// </remarks>
public interface IDeploymentSections
{
    /// <summary>
    /// The table at <paramref name="path"/>: its values with their locations, or an empty table (at the start of
    /// <c>deployment.toml</c>) when the file does not have it.
    /// </summary>
    /// <param name="path">A path some plugin declared.</param>
    /// <exception cref="KeyNotFoundException">No plugin declared <paramref name="path"/>.</exception>
    PluginParameters Table(string path);
}
