using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Pickup.Plugins.Totp.Enrollment;

/// <summary>
/// The secret shown on the enrolment page, kept in the step's state until the driver confirms it with a first code.
/// </summary>
/// <remarks>
/// The state lives in the engine's session store (memory or Redis), so the secret is sealed with AES-GCM under a key
/// derived from the server secret: a copy of the store does not reveal it, and a change to it is refused. The
/// associated data binds it to this attempt and this user, so a sealed secret lifted from another attempt (say, the
/// attacker's own enrolment) does not open here: nobody can make a victim confirm a secret they chose.
/// </remarks>
internal static class PendingSecret
{
    /// <summary>The <see cref="Abstractions.Security.IServerSecrets"/> purpose of the sealing key.</summary>
    public const string KeyPurpose = "totp/pending-secret";

    private const string Version = "v1.";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public static string Seal(byte[] key, byte[] secret, string sessionDataKey, string userId)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(secret);
        var sealedBytes = new byte[NonceBytes + secret.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, secret, sealedBytes.AsSpan(NonceBytes, secret.Length), sealedBytes.AsSpan(NonceBytes + secret.Length), AssociatedData(sessionDataKey, userId));
        return Version + Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>The secret, or null when <paramref name="sealedText"/> is missing, altered, or sealed for another attempt or user.</summary>
    public static byte[]? Unseal(byte[] key, string? sealedText, string sessionDataKey, string userId)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (sealedText is null || !sealedText.StartsWith(Version, StringComparison.Ordinal))
        {
            return null;
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Base64Url.DecodeFromChars(sealedText.AsSpan(Version.Length));
        }
        catch (FormatException)
        {
            return null;
        }

        if (sealedBytes.Length <= NonceBytes + TagBytes)
        {
            return null;
        }

        var secret = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(
                sealedBytes.AsSpan(0, NonceBytes),
                sealedBytes.AsSpan(NonceBytes, secret.Length),
                sealedBytes.AsSpan(NonceBytes + secret.Length),
                secret,
                AssociatedData(sessionDataKey, userId));
            return secret;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    // Length-prefixed, so no choice of key and user id can collide with another pair.
    private static byte[] AssociatedData(string sessionDataKey, string userId) =>
        Encoding.UTF8.GetBytes($"{KeyPurpose}|{sessionDataKey.Length}:{sessionDataKey}|{userId.Length}:{userId}");
}
