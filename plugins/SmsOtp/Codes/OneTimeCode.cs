using System.Security.Cryptography;
using System.Text;

namespace Pickup.Plugins.SmsOtp.Codes;

/// <summary>Makes one-time codes and checks them against what is stored, which is never the code itself.</summary>
/// <remarks>
/// Only an HMAC-SHA256 of the code, keyed with a fresh random salt per code, is stored in the attempt's state. A stored
/// hash of a 6-digit code can still be brute-forced offline by someone who can read the session store, so the real
/// protection is the short lifetime and the per-code attempt limit; the hash keeps the code out of session dumps, logs
/// and backups in plain form, and the per-code salt makes every stored value different even for equal codes (no
/// lookup table over the million codes). A server-wide secret key would add more, but several engine nodes share one
/// session store and this SDK gives plugins no shared secret, so the salt travels with the hash.
/// </remarks>
internal static class OneTimeCode
{
    private const int SaltBytes = 16;

    /// <summary>
    /// Upper-case letters and digits without look-alikes (no 0/O, 1/I/L, 5/S, 8/B, 2/Z, U/V): a driver copying a
    /// code from one screen to another cannot misread it.
    /// </summary>
    public const string UnambiguousAlphabet = "34679ACDEFGHJKMNPQRTWXY";

    private const string Digits = "0123456789";

    /// <summary>A code of <paramref name="length"/> characters, each drawn from the OS CSPRNG.</summary>
    public static string Generate(int length, bool alphanumeric)
    {
        var alphabet = alphanumeric ? UnambiguousAlphabet : Digits;
        var code = new char[length];
        for (var i = 0; i < length; i++)
        {
            code[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        return new string(code);
    }

    /// <summary>
    /// What the driver typed, in the form codes are hashed in: without white space (phones and people write
    /// "482 913"), and upper case for alphanumeric codes, which are compared case-insensitively.
    /// </summary>
    public static string Canonical(string? typed, bool alphanumeric)
    {
        var compact = string.Concat((typed ?? string.Empty).Where(c => !char.IsWhiteSpace(c)));
        return alphanumeric ? compact.ToUpperInvariant() : compact;
    }

    /// <summary>A fresh random salt.</summary>
    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltBytes);

    /// <summary>HMAC-SHA256 of the code, keyed with the salt.</summary>
    public static byte[] Hash(string code, byte[] salt) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(code));

    /// <summary>True when <paramref name="submitted"/> is the code behind <paramref name="expectedHash"/>; constant time in the hash comparison.</summary>
    public static bool Matches(string submitted, byte[] salt, byte[] expectedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(submitted, salt), expectedHash);
}
