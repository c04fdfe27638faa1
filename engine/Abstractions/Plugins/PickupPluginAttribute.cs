namespace Pickup.Abstractions.Plugins;

/// <summary>
/// Declares that an assembly is a Pickup plugin, the ids it provides and the type that registers
/// its services. The engine reads this attribute only; it never scans the plugin's types.
/// </summary>
/// <remarks>Read once per server, when the plugin catalog opens the plugin folder.</remarks>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class PickupPluginAttribute : Attribute
{
    /// <summary>Creates the declaration.</summary>
    /// <param name="startupType">A type implementing <see cref="IPickupPlugin"/> with a public parameterless constructor.</param>
    public PickupPluginAttribute(Type startupType)
    {
        StartupType = startupType;
    }

    /// <summary>The type implementing <see cref="IPickupPlugin"/>.</summary>
    public Type StartupType { get; }

    /// <summary>
    /// Authenticator ids this plugin provides: the <c>&lt;id&gt;</c> of
    /// <c>[authentication.authenticator.&lt;id&gt;]</c> in <c>deployment.toml</c>.
    /// </summary>
    public string[] Authenticators { get; init; } = [];

    /// <summary>
    /// Ids of services this plugin provides to other plugins (a message gateway, for one): a
    /// federated authenticator's <c>provider</c> property names one, and the engine loads the plugin providing it.
    /// The consumer reaches the service through a shared contract assembly (its name ends in <c>.Contracts</c>),
    /// never by referencing the provider.
    /// </summary>
    public string[] Provides { get; init; } = [];
}
