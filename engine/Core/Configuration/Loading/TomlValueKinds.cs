using Tomlyn;
using Tomlyn.Model;

namespace Pickup.Core.Configuration.Loading;

/// <summary>Names TOML value kinds the way an administrator reads them in a message.</summary>
internal static class TomlValueKinds
{
    public static string Describe(object? value) => value switch
    {
        string => "a string",
        bool => "a boolean",
        long => "a whole number",
        double => "a float",
        TomlDateTime => "a date",
        TomlArray => "a list",
        TomlTableArray => "a list of tables",
        TomlTable => "a table",
        null => "nothing",
        _ => "a value of another kind",
    };
}
