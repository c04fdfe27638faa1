using System.Globalization;

namespace Pickup.Abstractions.Configuration;

/// <summary>
/// A table of configuration values handed to a plugin (an authenticator's <c>parameters</c>, or an identity
/// provider's federated authenticator properties), read with typed getters that record problems with the file,
/// line and column instead of throwing.
/// </summary>
/// <remarks>
/// The engine creates one per table at start-up; plugins read it in their start-up validation and may read it
/// again per request (reads are cheap and never fail at that point, because start-up refused bad values).
/// Not thread-safe while errors are being recorded; read-only use afterwards is safe.
/// </remarks>
public sealed class PluginParameters
{
    private readonly Dictionary<string, ParameterValue> _values;
    private readonly List<ConfigurationError> _errors = [];

    /// <summary>Creates a table.</summary>
    /// <param name="values">The values by key.</param>
    /// <param name="tableLocation">Where the table starts, for "missing key" errors.</param>
    public PluginParameters(IReadOnlyDictionary<string, ParameterValue> values, SourceLocation tableLocation)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, ParameterValue>(values, StringComparer.Ordinal);
        TableLocation = tableLocation;
    }

    /// <summary>An empty table (nothing configured).</summary>
    public static PluginParameters Empty(SourceLocation tableLocation) =>
        new(new Dictionary<string, ParameterValue>(), tableLocation);

    /// <summary>Where the table starts.</summary>
    public SourceLocation TableLocation { get; }

    /// <summary>Keys present in the table.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>Problems recorded so far.</summary>
    public IReadOnlyList<ConfigurationError> Errors => _errors;

    /// <summary>The raw value of <paramref name="key"/>, if present.</summary>
    public bool TryGetValue(string key, out ParameterValue value) => _values.TryGetValue(key, out value!);

    /// <summary>Reads a string; records an error when the value is not a string.</summary>
    public string GetString(string key, string defaultValue) =>
        Read<string>(key, defaultValue, AsString, "a string");

    /// <summary>Reads a string that must be present and non-empty.</summary>
    public string GetRequiredString(string key)
    {
        if (!_values.ContainsKey(key))
        {
            AddError(TableLocation, $"'{key}' is required");
            return string.Empty;
        }

        var value = GetString(key, string.Empty);
        if (value.Length == 0 && _values.TryGetValue(key, out var raw) && raw.Value is string)
        {
            AddError(raw.Location, $"'{key}' must not be empty");
        }

        return value;
    }

    /// <summary>Reads a boolean; TOML <c>true</c>/<c>false</c> and the strings "true"/"false" are accepted.</summary>
    public bool GetBoolean(string key, bool defaultValue) =>
        Read<bool>(key, defaultValue, AsBoolean, "true or false");

    /// <summary>Reads an integer within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int GetInt32(string key, int defaultValue, int min = int.MinValue, int max = int.MaxValue)
    {
        var value = Read<int>(key, defaultValue, AsInt32, "a whole number");
        if ((value < min || value > max) && _values.TryGetValue(key, out var raw))
        {
            AddError(raw.Location, $"'{key}' must be between {min} and {max}, not {value}");
            return defaultValue;
        }

        return value;
    }

    /// <summary>Reads a list of strings (a TOML array of strings).</summary>
    public IReadOnlyList<string> GetStringList(string key)
    {
        if (!_values.TryGetValue(key, out var raw))
        {
            return [];
        }

        if (raw.Value is IEnumerable<object> items && items.All(i => i is string))
        {
            return items.Cast<string>().ToArray();
        }

        AddError(raw.Location, $"'{key}' must be a list of strings");
        return [];
    }

    /// <summary>Records an error for every key not in <paramref name="knownKeys"/> (catches typos).</summary>
    public void RejectUnknownKeys(IEnumerable<string> knownKeys)
    {
        var known = new HashSet<string>(knownKeys, StringComparer.Ordinal);
        foreach (var (key, value) in _values)
        {
            if (!known.Contains(key))
            {
                AddError(value.Location, $"unknown key '{key}';{NameSuggestion.DidYouMean(key, known)} expected one of: {string.Join(", ", known.Order(StringComparer.Ordinal))}");
            }
        }
    }

    /// <summary>Records an error at the location of <paramref name="key"/> (or of the table when absent).</summary>
    public void AddError(string key, string message) =>
        AddError(_values.TryGetValue(key, out var raw) ? raw.Location : TableLocation, message);

    /// <summary>Records an error at <paramref name="location"/>.</summary>
    public void AddError(SourceLocation location, string message) => _errors.Add(new ConfigurationError(location, message));

    private T Read<T>(string key, T defaultValue, TryConvert<T> convert, string expected)
    {
        if (!_values.TryGetValue(key, out var raw))
        {
            return defaultValue;
        }

        if (convert(raw.Value, out var converted))
        {
            return converted;
        }

        AddError(raw.Location, $"'{key}' must be {expected}");
        return defaultValue;
    }

    private static bool AsString(object value, out string converted)
    {
        converted = value as string ?? string.Empty;
        return value is string;
    }

    private static bool AsBoolean(object value, out bool converted)
    {
        switch (value)
        {
            case bool b:
                converted = b;
                return true;
            case string s:
                return bool.TryParse(s, out converted);
            default:
                converted = false;
                return false;
        }
    }

    private static bool AsInt32(object value, out int converted)
    {
        converted = 0;
        switch (value)
        {
            case long l when l is >= int.MinValue and <= int.MaxValue:
                converted = (int)l;
                return true;
            case int i:
                converted = i;
                return true;
            case string s:
                return int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out converted);
            default:
                return false;
        }
    }

    private delegate bool TryConvert<T>(object value, out T converted);
}
