using Pickup.Abstractions.Configuration;

namespace Pickup.Abstractions.Testing.Authentication;

/// <summary>
/// Builds the <see cref="PluginParameters"/> the engine hands <c>IAuthenticatorFactory.Configure</c>: each key on a line
/// of its own in <c>conf/deployment.toml</c>, so a recorded error's location can be asserted.
/// </summary>
public static class TestParameters
{
    /// <summary>The file the parameters are said to come from.</summary>
    public const string File = "conf/deployment.toml";

    /// <summary>A parameters table with <paramref name="values"/> (strings, booleans, longs, doubles, lists of those).</summary>
    /// <param name="values">The values by key, in the order they are "written".</param>
    public static PluginParameters From(IReadOnlyDictionary<string, object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var line = 1;
        return new PluginParameters(
            values.ToDictionary(v => v.Key, v => new ParameterValue { Value = v.Value, Location = new SourceLocation(File, ++line, 1) }, StringComparer.Ordinal),
            new SourceLocation(File, 1, 1));
    }

    /// <summary>An empty table, as when the authenticator has no <c>parameters</c>.</summary>
    public static PluginParameters Empty() => PluginParameters.Empty(new SourceLocation(File, 1, 1));
}
