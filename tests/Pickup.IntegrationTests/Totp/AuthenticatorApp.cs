using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Pickup.IntegrationTests.Totp;

/// <summary>
/// An authenticator app, written from RFC 6238 and RFC 4648 without the plugin's library, so the test checks the
/// plugin against the standard rather than against itself.
/// </summary>
internal static class AuthenticatorApp
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>The 6-digit code for the base32 key (spaces ignored) at <paramref name="time"/>.</summary>
    public static string CodeAt(string base32Key, DateTimeOffset time)
    {
        var key = Decode(base32Key);
        var counter = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, time.ToUnixTimeSeconds() / 30);
        // RFC 6238's default, and what every authenticator app uses for otpauth links with algorithm=SHA1.
#pragma warning disable CA5350
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    private static byte[] Decode(string base32)
    {
        var bits = 0;
        var buffer = 0;
        var bytes = new List<byte>();
        foreach (var c in base32.Where(c => !char.IsWhiteSpace(c)).Select(char.ToUpperInvariant))
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            Assert.True(value >= 0, $"'{c}' is not a base32 character");
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
