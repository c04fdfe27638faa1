using System.Security.Cryptography;
using System.Text;
using Pickup.Abstractions.Security;

namespace Pickup.Plugins.SmsOtp.Codes;

/// <summary>Makes one-time codes and checks them against what is stored, which is never the code itself.</summary>
/// <remarks>
/// Only an HMAC-SHA256 of a fresh random salt and the code is stored in the attempt's state, keyed with a secret
/// every node derives from the server secret (<see cref="IServerSecrets"/>, purpose <see cref="KeyPurpose"/>) and
/// that never leaves the servers. Someone who reads an attempt out of the session store therefore has the salt and
/// the hash but cannot try the million 6-digit codes offline; the per-code salt still makes equal codes hash
/// differently. A code stored before the key existed simply no longer matches: it dies as a wrong code, and the
/// driver asks for a new one (codes live minutes).
/// </remarks>
internal static class OneTimeCode
{
    /// <summary>The purpose the code key is derived for.</summary>
    public const string KeyPurpose = "sms_otp/code-hmac";

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

    /// <summary>The key codes are hashed with: the same on every node, never stored beside the hashes.</summary>
    public static byte[] Key(IServerSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        return secrets.DeriveKey(KeyPurpose);
    }

    /// <summary>HMAC-SHA256 under <paramref name="key"/> of the salt followed by the code.</summary>
    public static byte[] Hash(byte[] key, string code, byte[] salt)
    {
        ArgumentNullException.ThrowIfNull(salt);
        var text = Encoding.UTF8.GetBytes(code);
        var message = new byte[salt.Length + text.Length];
        salt.CopyTo(message, 0);
        text.CopyTo(message, salt.Length);
        return HMACSHA256.HashData(key, message);
    }

    /// <summary>True when <paramref name="submitted"/> is the code behind <paramref name="expectedHash"/>; constant time in the hash comparison.</summary>
    public static bool Matches(byte[] key, string submitted, byte[] salt, byte[] expectedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(key, submitted, salt), expectedHash);
}
