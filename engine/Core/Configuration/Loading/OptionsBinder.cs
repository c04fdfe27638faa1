using System.Reflection;
using System.Text.Json;

namespace Pickup.Core.Configuration.Loading;

/// <summary>
/// Binds a TOML table onto an options object (<see cref="DeploymentOptions"/> and its sections): each public
/// settable property is the snake_case key of its name (<c>MemoryKib</c> is <c>memory_kib</c>), a property of a
/// class type is a sub-table. Keys the object does not have are errors, so typos never pass silently.
/// </summary>
/// <remarks>
/// Reflection keeps the key list and the options classes from drifting apart: a member added to an options class
/// is bindable and known at once. Values that are absent or wrong keep the class's default.
/// </remarks>
internal static class OptionsBinder
{
    /// <summary>Binds <paramref name="reader"/> onto <paramref name="target"/> and its sub-objects.</summary>
    /// <param name="reader">The table.</param>
    /// <param name="target">The options object to fill.</param>
    /// <param name="sections">Receives the reader of every bound table by dotted path ("" for the top level), so validation errors can point at keys.</param>
    /// <param name="otherKnownKeys">Keys of this table that someone else reads (not unknown, not bound here).</param>
    /// <param name="pluginTables">
    /// Dotted paths of the tables plugins read themselves (not unknown, not bound here); null when the plugins are
    /// not known, and then any table the options do not have is left alone.
    /// </param>
    public static void Bind(
        TomlTableReader reader,
        object target,
        IDictionary<string, TomlTableReader> sections,
        IEnumerable<string> otherKnownKeys,
        IReadOnlySet<string>? pluginTables = null)
    {
        var properties = BindableProperties(target.GetType());
        var prefix = reader.Path is null ? string.Empty : reader.Path + ".";
        var pluginKeys = pluginTables is null
            ? reader.Keys.Where(reader.IsTable).Where(k => !properties.ContainsKey(k))
            : pluginTables.Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && p.Length > prefix.Length)
                .Select(p => p[prefix.Length..].Split('.')[0]);
        reader.RejectUnknownKeys(properties.Keys.Concat(otherKnownKeys).Concat(pluginKeys).Distinct(StringComparer.Ordinal));
        sections[reader.Path ?? string.Empty] = reader;

        foreach (var (key, property) in properties)
        {
            var type = property.PropertyType;

            // Checked before looking at the file, so a member of an unsupported type fails every load (and its
            // tests), not only the first administrator who writes its key.
            if (!IsSupported(type))
            {
                throw new InvalidOperationException($"{target.GetType().Name}.{property.Name} has a type the TOML binder does not handle: {type}");
            }

            if (!reader.Contains(key))
            {
                continue;
            }

            if (type == typeof(string))
            {
                SetIfRead(property, target, reader.GetString(key));
            }
            else if (type == typeof(int))
            {
                SetIfRead(property, target, reader.GetInt32(key));
            }
            else if (type == typeof(bool))
            {
                property.SetValue(target, reader.GetBoolean(key, (bool)property.GetValue(target)!));
            }
            else if (type == typeof(IList<string>))
            {
                SetIfRead(property, target, reader.GetStringList(key)?.ToList());
            }
            else if (reader.GetTable(key) is { } section)
            {
                var value = property.GetValue(target) ?? throw new InvalidOperationException($"{target.GetType().Name}.{property.Name} must have a default instance to bind into");
                Bind(section, value, sections, [], pluginTables);
            }
        }
    }

    /// <summary>The TOML key of a CLR member name.</summary>
    public static string KeyOf(string memberName) => JsonNamingPolicy.SnakeCaseLower.ConvertName(memberName);

    // Scalars and string lists, or a class holding a sub-table.
    private static bool IsSupported(Type type) =>
        type == typeof(string) || type == typeof(int) || type == typeof(bool) || type == typeof(IList<string>) || type.IsClass;

    private static Dictionary<string, PropertyInfo> BindableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetSetMethod() is not null && p.GetIndexParameters().Length == 0)
            .ToDictionary(p => KeyOf(p.Name), StringComparer.Ordinal);

    private static void SetIfRead(PropertyInfo property, object target, object? value)
    {
        if (value is not null)
        {
            property.SetValue(target, value);
        }
    }
}
