using Pickup.Abstractions.Configuration;
using Tomlyn.Model;

namespace Pickup.Core.Configuration.Loading;

/// <summary>
/// Reads one TOML table with the position of each key. Every read that finds a wrong value records an error
/// (file, line, column of the key) and returns null, so that reading goes on and all problems are collected.
/// Strings are returned after <c>${env:NAME}</c> substitution.
/// </summary>
internal sealed class TomlTableReader
{
    private readonly TomlDocument _document;
    private readonly TomlTable _table;
    private readonly TomlPropertiesMetadata? _keyPositions;
    private readonly LoadContext _context;

    public TomlTableReader(TomlDocument document, TomlTable table, string? path, string description, SourceLocation location, LoadContext context)
    {
        _document = document;
        _table = table;
        _context = context;
        Path = path;
        Description = description;
        Location = location;
        _keyPositions = document.Metadata.TryGetProperties(table, out var positions) ? positions : null;
    }

    /// <summary>The dotted path of the table (<c>security.login_limits</c>); null for the top level.</summary>
    public string? Path { get; }

    /// <summary>How messages name the table: <c>[server]</c>, <c>the top level</c>, <c>step 2</c>.</summary>
    public string Description { get; }

    /// <summary>Where the table is (its header, or its first key for an inline table).</summary>
    public SourceLocation Location { get; }

    /// <summary>The file as shown in messages.</summary>
    public string File => _document.File;

    public IEnumerable<string> Keys => _table.Keys;

    public bool Contains(string key) => _table.ContainsKey(key);

    /// <summary>True when <paramref name="key"/> holds a table.</summary>
    public bool IsTable(string key) => _table.TryGetValue(key, out var value) && value is TomlTable;

    /// <summary>Where <paramref name="key"/> is written, or the table's location when it is absent.</summary>
    public SourceLocation KeyLocation(string key) =>
        _keyPositions is not null && _keyPositions.TryGetProperty(key, out var property)
            ? new SourceLocation(File, property.Span.Start.Line + 1, property.Span.Start.Column + 1)
            : Location;

    /// <summary>Records an error at <paramref name="key"/> (or at the table when the key is absent).</summary>
    public void AddError(string key, string message) => _context.AddError(KeyLocation(key), message);

    /// <summary>Records an error at the table itself.</summary>
    public void AddError(string message) => _context.AddError(Location, message);

    /// <summary>Records an error for every key that is not in <paramref name="knownKeys"/> (catches typos).</summary>
    public void RejectUnknownKeys(IEnumerable<string> knownKeys)
    {
        var known = knownKeys.Order(StringComparer.Ordinal).ToArray();
        foreach (var key in _table.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)))
        {
            AddError(key, $"unknown key '{key}' in {Description};{NameSuggestion.DidYouMean(key, known)} expected one of: {string.Join(", ", known)}");
        }
    }

    /// <summary>A string value; null when absent or not a string.</summary>
    public string? GetString(string key) => GetString(key, out _);

    /// <summary>A string value, telling whether it came (partly) from the environment.</summary>
    public string? GetString(string key, out bool fromEnvironment)
    {
        fromEnvironment = false;
        if (!_table.TryGetValue(key, out var value))
        {
            return null;
        }

        if (value is not string text)
        {
            AddError(key, $"'{key}' in {Description} must be a string, not {TomlValueKinds.Describe(value)}");
            return null;
        }

        return Substitute(key, text, out fromEnvironment);
    }

    /// <summary>A string that must be present and not empty; null (with an error) otherwise.</summary>
    public string? GetRequiredString(string key)
    {
        if (!_table.ContainsKey(key))
        {
            AddError($"'{key}' is required in {Description}");
            return null;
        }

        var value = GetString(key);
        if (value is { Length: 0 })
        {
            AddError(key, $"'{key}' in {Description} must not be empty");
            return null;
        }

        return value;
    }

    /// <summary>A boolean, or <paramref name="defaultValue"/> when absent or wrong.</summary>
    public bool GetBoolean(string key, bool defaultValue)
    {
        if (!_table.TryGetValue(key, out var value))
        {
            return defaultValue;
        }

        if (value is bool flag)
        {
            return flag;
        }

        AddError(key, $"'{key}' in {Description} must be true or false, not {TomlValueKinds.Describe(value)}");
        return defaultValue;
    }

    /// <summary>A whole number that fits an <see cref="int"/>; null when absent or wrong.</summary>
    public int? GetInt32(string key)
    {
        if (!_table.TryGetValue(key, out var value))
        {
            return null;
        }

        if (value is not long number)
        {
            AddError(key, $"'{key}' in {Description} must be a whole number, not {TomlValueKinds.Describe(value)}");
            return null;
        }

        if (number is < int.MinValue or > int.MaxValue)
        {
            AddError(key, $"'{key}' in {Description} must be a whole number between {int.MinValue} and {int.MaxValue}, not {number}");
            return null;
        }

        return (int)number;
    }

    /// <summary>A list of strings; null when absent or wrong.</summary>
    public IReadOnlyList<string>? GetStringList(string key)
    {
        if (!_table.TryGetValue(key, out var value))
        {
            return null;
        }

        if (value is not TomlArray array || array.Any(item => item is not string))
        {
            AddError(key, $"'{key}' in {Description} must be a list of strings, such as [\"a\", \"b\"]");
            return null;
        }

        return array.Cast<string>().Select(item => Substitute(key, item, out _)).ToArray();
    }

    /// <summary>A sub-table; null when absent or not a table.</summary>
    public TomlTableReader? GetTable(string key)
    {
        if (!_table.TryGetValue(key, out var value))
        {
            return null;
        }

        if (value is not TomlTable table)
        {
            AddError(key, $"'{key}' in {Description} must be a table, not {TomlValueKinds.Describe(value)}");
            return null;
        }

        var path = Path is null ? key : $"{Path}.{key}";
        return new TomlTableReader(_document, table, path, $"[{path}]", KeyLocation(key), _context);
    }

    /// <summary>
    /// A list of tables: an array of tables (<c>[[key]]</c>) or an array of inline tables. Null when absent or wrong.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="describeItem">How messages name the item at a 0-based index (e.g. "step 2").</param>
    public IReadOnlyList<TomlTableReader>? GetTableList(string key, Func<int, string> describeItem)
    {
        if (!_table.TryGetValue(key, out var value))
        {
            return null;
        }

        IReadOnlyList<TomlTable> tables;
        if (value is TomlTableArray tableArray)
        {
            tables = [.. tableArray];
        }
        else if (value is TomlArray array && array.All(item => item is TomlTable))
        {
            tables = [.. array.Cast<TomlTable>()];
        }
        else
        {
            AddError(key, $"'{key}' in {Description} must be a list of tables, not {TomlValueKinds.Describe(value)}");
            return null;
        }

        var path = Path is null ? key : $"{Path}.{key}";
        var headers = _document.TableArrayHeaders(path);
        var readers = new List<TomlTableReader>(tables.Count);
        for (var index = 0; index < tables.Count; index++)
        {
            // An inline table has no header: it is shown at its first key.
            var location = value is TomlTableArray && headers.Count == tables.Count
                ? headers[index]
                : FirstKeyLocation(tables[index]) ?? KeyLocation(key);
            readers.Add(new TomlTableReader(_document, tables[index], path, describeItem(index), location, _context));
        }

        return readers;
    }

    /// <summary>
    /// The table as plugin parameters: strings (after substitution), booleans, whole numbers, floats, and lists of
    /// those. Any other value (a date, a nested table) is an error and left out.
    /// </summary>
    /// <param name="excludedKeys">Keys the engine itself reads (they are not the plugin's).</param>
    public PluginParameters ToPluginParameters(IEnumerable<string> excludedKeys)
    {
        var excluded = excludedKeys.ToHashSet(StringComparer.Ordinal);
        var values = new Dictionary<string, ParameterValue>(StringComparer.Ordinal);
        foreach (var (key, raw) in _table)
        {
            if (excluded.Contains(key))
            {
                continue;
            }

            if (ToParameter(key, raw) is { } parameter)
            {
                values.Add(key, parameter);
            }
        }

        return new PluginParameters(values, Location);
    }

    private SourceLocation? FirstKeyLocation(TomlTable table)
    {
        if (!_document.Metadata.TryGetProperties(table, out var positions) || positions is null)
        {
            return null;
        }

        foreach (var key in table.Keys)
        {
            if (positions.TryGetProperty(key, out var property))
            {
                return new SourceLocation(File, property.Span.Start.Line + 1, property.Span.Start.Column + 1);
            }
        }

        return null;
    }

    private ParameterValue? ToParameter(string key, object? raw)
    {
        var location = KeyLocation(key);
        if (raw is TomlArray array)
        {
            var items = new object[array.Count];
            var secret = false;
            for (var index = 0; index < array.Count; index++)
            {
                if (ToScalar(key, array[index], out var itemSecret) is not { } item)
                {
                    return null;
                }

                items[index] = item;
                secret |= itemSecret;
            }

            return new ParameterValue { Value = items, Location = location, IsSecret = secret };
        }

        return ToScalar(key, raw, out var isSecret) is { } scalar ? new ParameterValue { Value = scalar, Location = location, IsSecret = isSecret } : null;
    }

    private object? ToScalar(string key, object? raw, out bool fromEnvironment)
    {
        fromEnvironment = false;
        switch (raw)
        {
            case string text:
                return Substitute(key, text, out fromEnvironment);
            case bool or long or double:
                return raw;
            default:
                AddError(key, $"'{key}' in {Description} must be a string, a boolean, a number or a list of those, not {TomlValueKinds.Describe(raw)}");
                return null;
        }
    }

    private string Substitute(string key, string text, out bool fromEnvironment) =>
        EnvironmentReferences.Resolve(text, key, KeyLocation(key), _context, out fromEnvironment);
}
