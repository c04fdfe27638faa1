namespace Pickup.Abstractions.Configuration;

/// <summary>
/// A table of <c>deployment.toml</c> that belongs to a plugin (<c>[security.send_limits]</c>, say), declared in
/// <see cref="Plugins.IPickupPlugin.Describe"/> with <see cref="Plugins.PluginContributions.ConfigurationSection"/>.
/// </summary>
/// <remarks>
/// The engine leaves the table to the plugin: it does not bind it, and when it loads the configuration it hands the
/// table (empty when absent) to <see cref="Validate"/>, whose recorded errors are reported like the engine's own,
/// with file, line and column; the server does not start while there are any. At run time the same table is
/// available from <see cref="IDeploymentSections"/>. A path two plugins declare, or one the engine reads itself, is
/// refused at start-up.
/// </remarks>
public sealed class PluginConfigurationSection
{
    /// <summary>Declares a section.</summary>
    /// <param name="path">The table's dotted path, lower-case words joined by dots (<c>security.send_limits</c>).</param>
    /// <param name="validate">
    /// Reads the table once at load, recording every problem (an unknown key included) in it; it must not throw.
    /// </param>
    public PluginConfigurationSection(string path, Action<PluginParameters> validate)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(validate);
        Path = path;
        Validate = validate;
    }

    /// <summary>The table's dotted path in <c>deployment.toml</c>.</summary>
    public string Path { get; }

    /// <summary>Checks the table at load and records problems in it.</summary>
    public Action<PluginParameters> Validate { get; }
}
