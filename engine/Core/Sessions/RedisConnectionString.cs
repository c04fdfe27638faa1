using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Pickup.Core.Sessions;

/// <summary>
/// <c>[session] connection</c>: a StackExchange.Redis configuration string (<c>host:port,user=…,password=…,ssl=true</c>),
/// parsed once, and shown only with its password masked.
/// </summary>
public static partial class RedisConnectionString
{
    private const string MaskedPassword = "password=*****";

    // StackExchange.Redis splits its options on commas, so a password runs to the next comma.
    [GeneratedRegex(@"(?<=^|,)\s*password\s*=[^,]*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Password();

    /// <summary>Parses <paramref name="connection"/>; on failure, <paramref name="problem"/> says why (never with the password).</summary>
    public static bool TryParse(string? connection, out ConfigurationOptions? options, out string? problem)
    {
        options = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(connection))
        {
            problem = "it is empty";
            return false;
        }

        try
        {
            options = ConfigurationOptions.Parse(connection);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException)
        {
            problem = Mask(ex.Message, connection);
            return false;
        }

        if (options.EndPoints.Count == 0)
        {
            problem = "it names no server (start it with host:port, e.g. \"redis:6379,password=${env:PICKUP_REDIS_PASSWORD},ssl=true\")";
            options = null;
            return false;
        }

        if (!string.IsNullOrEmpty(options.User) && string.IsNullOrEmpty(options.Password))
        {
            problem = "'user=' needs 'password=' (Redis ACL users sign in with both)";
            options = null;
            return false;
        }

        return true;
    }

    /// <summary><paramref name="connection"/> with its password replaced by <c>*****</c>.</summary>
    public static string Mask(string? connection) => Password().Replace(connection ?? string.Empty, MaskedPassword);

    /// <summary>
    /// <paramref name="text"/> (a message that may quote the connection) with the connection's password masked wherever
    /// it appears, as <c>password=…</c> or alone.
    /// </summary>
    public static string Mask(string text, string? connection)
    {
        ArgumentNullException.ThrowIfNull(text);
        var masked = Mask(text);
        foreach (Match match in Password().Matches(connection ?? string.Empty))
        {
            var password = match.Value[(match.Value.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim();
            if (password.Length > 0)
            {
                masked = masked.Replace(password, "*****", StringComparison.Ordinal);
            }
        }

        return masked;
    }
}
