namespace Pickup.TestPlugins.Undeclared;

/// <summary>Some type; the assembly says nothing about being a plugin.</summary>
public sealed class UndeclaredThing
{
    /// <summary>Any member.</summary>
    public string Name { get; } = "undeclared";
}
