using Pickup.Abstractions.Configuration;

namespace Pickup.Testing;

/// <summary>Builds <see cref="PluginParameters"/> as the TOML loader would, for tests.</summary>
public static class TestParameters
{
    /// <summary>The file name every test value claims to come from.</summary>
    public const string File = "test.toml";

    /// <summary>
    /// A table whose keys sit on lines 2, 3, ... of <see cref="File"/> (the table header on line 1). Values are
    /// converted to what TOML yields: integers become <see cref="long"/>, string sequences become lists.
    /// </summary>
    public static PluginParameters From(params (string Key, object Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var table = new Dictionary<string, ParameterValue>(StringComparer.Ordinal);
        for (var i = 0; i < values.Length; i++)
        {
            var (key, value) = values[i];
            table[key] = new ParameterValue { Value = AsToml(value), Location = new SourceLocation(File, i + 2, 1) };
        }

        return new PluginParameters(table, new SourceLocation(File, 1, 1));
    }

    private static object AsToml(object value) => value switch
    {
        int i => (long)i,
        string s => s,
        IEnumerable<string> list => list.Cast<object>().ToList(),
        _ => value,
    };
}
