using System.Security.Cryptography;
using OtpNet;

namespace Pickup.Plugins.Totp.Codes;

/// <summary>The shared secret of an authenticator app: 160 random bits (RFC 4226's recommended length for SHA-1).</summary>
internal static class TotpSecret
{
    public const int Bytes = 20;

    /// <summary>A new random secret.</summary>
    public static byte[] Create() => RandomNumberGenerator.GetBytes(Bytes);

    /// <summary>The secret as base32 without padding, as kept in the credential store and written into the QR code.</summary>
    public static string ToBase32(byte[] secret) => Base32Encoding.ToString(secret).TrimEnd('=');

    /// <summary>The secret from its stored base32 form, or null when the text is not a secret of this plugin's.</summary>
    public static byte[]? FromBase32(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            var bytes = Base32Encoding.ToBytes(text);
            return bytes.Length >= 10 ? bytes : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The base32 secret in groups of four for typing by hand (<c>ABCD EFGH ...</c>).</summary>
    public static string Grouped(string base32) =>
        string.Join(' ', base32.Chunk(4).Select(group => new string(group)));
}
