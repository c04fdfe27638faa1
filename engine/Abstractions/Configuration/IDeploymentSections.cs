namespace Pickup.Abstractions.Configuration;

/// <summary>
/// The <c>deployment.toml</c> tables plugins declared as theirs (<see cref="PluginConfigurationSection"/>), as the
/// engine loaded and validated them.
/// </summary>
/// <remarks>
/// Lifetime: once per server (singleton), registered by the engine; read-only and thread-safe. A table never changes;
/// after a live reload of the configuration <see cref="Table"/> returns a new instance holding the new values (the
/// engine validated them with the declaring plugin's code first, so reading them again records nothing new). A
/// plugin that keeps what it read (in a singleton) should read again when the instance it gets is not the one it
/// read before; one that reads it once at start keeps the start-up values until a restart.
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
