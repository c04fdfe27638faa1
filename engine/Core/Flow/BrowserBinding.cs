using System.Security.Cryptography;
using System.Text;

namespace Pickup.Core.Flow;

/// <summary>
/// Binds a login attempt to the browser that started it: the browser holds a random cookie, the attempt holds
/// its hash. A leaked <c>sessionDataKey</c> is useless in another browser.
/// </summary>
public static class BrowserBinding
{
    /// <summary>A fresh cookie value (256 random bits).</summary>
    public static string NewValue() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The hash stored with the attempt.</summary>
    public static string Hash(string cookieValue) =>
        Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(cookieValue ?? string.Empty)));

    /// <summary>True when <paramref name="cookieValue"/> is the one the attempt was bound to (constant time).</summary>
    public static bool Matches(LoginAttempt attempt, string? cookieValue)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (string.IsNullOrEmpty(cookieValue))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Hash(cookieValue)),
            Encoding.ASCII.GetBytes(attempt.BrowserBinding));
    }

    /// <summary>A new unguessable <c>sessionDataKey</c>.</summary>
    public static string NewSessionDataKey() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
