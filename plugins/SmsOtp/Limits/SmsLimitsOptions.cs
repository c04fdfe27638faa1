using PhoneNumbers;
using Pickup.Abstractions.Configuration;

namespace Pickup.Plugins.SmsOtp.Limits;

/// <summary>
/// <c>[security.sms_limits]</c> of <c>deployment.toml</c>, the plugin's own table: 0 turns a limit off. SMS pumping
/// costs real money, so every check is on by default.
/// </summary>
public sealed class SmsLimitsOptions
{
    /// <summary>The table's dotted path in <c>deployment.toml</c>.</summary>
    public const string Section = "security.sms_limits";

    private const string Table = "[" + Section + "]";

    private static readonly string[] NumberTypes = Enum.GetNames<PhoneNumberType>();

    private static readonly string[] Keys =
        ["window_seconds", "per_number", "per_user", "per_ip", "daily_budget", "allowed_countries", "blocked_number_types"];

    /// <summary><c>window_seconds</c>: the window the counts are kept for.</summary>
    public int WindowSeconds { get; set; } = 600;

    /// <summary><c>per_number</c>: codes sent to one number per window.</summary>
    public int PerNumber { get; set; } = 3;

    /// <summary><c>per_user</c>: codes sent for one user per window.</summary>
    public int PerUser { get; set; } = 5;

    /// <summary><c>per_ip</c>: codes asked from one address per window.</summary>
    public int PerIp { get; set; } = 20;

    /// <summary><c>daily_budget</c>: codes per UTC day, all numbers together.</summary>
    public int DailyBudget { get; set; } = 10000;

    /// <summary><c>allowed_countries</c>: ISO 3166 alpha-2 regions; empty allows every country.</summary>
    public IList<string> AllowedCountries { get; set; } = [];

    /// <summary><c>blocked_number_types</c>: libphonenumber number types never sent to.</summary>
    public IList<string> BlockedNumberTypes { get; set; } = ["PREMIUM_RATE", "SHARED_COST", "UAN", "VOIP"];

    /// <summary>Reads the table (defaults for what is absent); problems are recorded in <paramref name="table"/>.</summary>
    public static SmsLimitsOptions Read(PluginParameters table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var options = new SmsLimitsOptions();
        foreach (var key in table.Keys.Where(k => !Keys.Contains(k, StringComparer.Ordinal)))
        {
            table.AddError(key, $"unknown key '{key}' in {Table}; expected one of: {string.Join(", ", Keys.Order(StringComparer.Ordinal))}");
        }

        // Counting "per window" needs a window: 0 would make every limit meaningless rather than off.
        options.WindowSeconds = Count(table, "window_seconds", options.WindowSeconds, 1, v => $"'window_seconds' in {Table} must be at least 1, not {v}");
        options.PerNumber = Count(table, "per_number", options.PerNumber, 0, v => NotNegative("per_number", v));
        options.PerUser = Count(table, "per_user", options.PerUser, 0, v => NotNegative("per_user", v));
        options.PerIp = Count(table, "per_ip", options.PerIp, 0, v => NotNegative("per_ip", v));
        options.DailyBudget = Count(table, "daily_budget", options.DailyBudget, 0, v => NotNegative("daily_budget", v));

        options.AllowedCountries = Strings(table, "allowed_countries", options.AllowedCountries, code =>
            code.Length == 2 && code.All(char.IsAsciiLetterUpper)
                ? null
                : $"'allowed_countries' in {Table} must hold two-letter upper-case ISO 3166 codes such as \"LK\", not \"{code}\"");
        options.BlockedNumberTypes = Strings(table, "blocked_number_types", options.BlockedNumberTypes, type =>
            NumberTypes.Contains(type, StringComparer.Ordinal)
                ? null
                : $"'blocked_number_types' in {Table} has \"{type}\", which is not one of: {string.Join(", ", NumberTypes)}");
        return options;
    }

    private static string NotNegative(string key, long value) => $"'{key}' in {Table} must be 0 (off) or more, not {value}";

    private static int Count(PluginParameters table, string key, int defaultValue, int min, Func<long, string> tooSmall)
    {
        if (!table.TryGetValue(key, out var raw))
        {
            return defaultValue;
        }

        if (raw.Value is not long value || value > int.MaxValue)
        {
            table.AddError(key, $"'{key}' in {Table} must be a whole number no larger than {int.MaxValue}");
            return defaultValue;
        }

        if (value < min)
        {
            table.AddError(key, tooSmall(value));
            return defaultValue;
        }

        return (int)value;
    }

    private static List<string> Strings(PluginParameters table, string key, IList<string> defaultValue, Func<string, string?> problemOf)
    {
        if (!table.TryGetValue(key, out var raw))
        {
            return [.. defaultValue];
        }

        if (raw.Value is not IEnumerable<object> items || !items.All(i => i is string))
        {
            table.AddError(key, $"'{key}' in {Table} must be a list of strings");
            return [.. defaultValue];
        }

        var values = items.Cast<string>().ToList();
        foreach (var problem in values.Select(problemOf).OfType<string>())
        {
            table.AddError(key, problem);
        }

        return values;
    }
}
