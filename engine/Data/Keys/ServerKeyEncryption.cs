using System.Security.Cryptography;
using System.Text;

namespace Pickup.Data.Keys;

/// <summary>
/// <c>[security] key_encryption_key</c>: when set, the server keys' material is sealed with AES-256-GCM before it is
/// stored, the key's name bound as associated data, so a copy of the database alone holds no usable key and a row
/// moved under another name, or changed, is refused. Once per server.
/// </summary>
public sealed class ServerKeyEncryption
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] AssociatedDataPrefix = Encoding.UTF8.GetBytes("Pickup.Engine server key v1\0");

    private readonly byte[]? _key;

    private ServerKeyEncryption(byte[]? key) => _key = key;

    /// <summary>Material is stored in clear (no <c>key_encryption_key</c>).</summary>
    public static ServerKeyEncryption None { get; } = new(null);

    /// <summary>True when material is encrypted at rest.</summary>
    public bool Enabled => _key is not null;

    /// <summary>Encrypts with <paramref name="key"/> (32 bytes).</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public static ServerKeyEncryption WithKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Length == 32
            ? new ServerKeyEncryption((byte[])key.Clone())
            : throw new ArgumentException($"key_encryption_key must be 32 bytes, not {key.Length}.", nameof(key));
    }

    /// <summary>
    /// The encryption <c>[security] key_encryption_key</c> asks for (<see cref="None"/> when it is unset): the one place
    /// the engine and the administration commands decode it.
    /// </summary>
    /// <exception cref="InvalidDataException">The value is not 32 bytes of base64 (start-up validation says so first).</exception>
    public static ServerKeyEncryption From(Pickup.Core.Configuration.SecurityOptions security)
    {
        ArgumentNullException.ThrowIfNull(security);
        if (security.KeyEncryptionKey is not { } value)
        {
            return None;
        }

        var key = Pickup.Core.Configuration.Validation.SecurityOptionsValidator.DecodeKeyEncryptionKey(value, out var problem)
            ?? throw new InvalidDataException($"[security] key_encryption_key {problem}.");
        try
        {
            return WithKey(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The stored form of <paramref name="material"/>: unchanged with a null nonce when encryption is off.</summary>
    public (string Material, string? Nonce) Seal(string name, string material)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(material);
        if (_key is null)
        {
            return (material, null);
        }

        var plaintext = Encoding.UTF8.GetBytes(material);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var sealedBytes = new byte[plaintext.Length + TagSize];
        using (var aes = new AesGcm(_key, TagSize))
        {
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(0, plaintext.Length), sealedBytes.AsSpan(plaintext.Length), AssociatedData(name));
        }

        CryptographicOperations.ZeroMemory(plaintext);
        return (Convert.ToBase64String(sealedBytes), Convert.ToBase64String(nonce));
    }

    /// <summary>The material of a stored row.</summary>
    /// <exception cref="InvalidDataException">
    /// The row is encrypted but no key is set, or it does not decrypt under this key and name (another key, a changed
    /// row, or a row moved under another name).
    /// </exception>
    public string Open(string name, string material, string? nonce)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(material);
        if (nonce is null)
        {
            return material;
        }

        if (_key is null)
        {
            throw new InvalidDataException(
                $"server key '{name}' is stored encrypted, but [security] key_encryption_key is not set: set it to the value the key was encrypted with.");
        }

        try
        {
            var sealedBytes = Convert.FromBase64String(material);
            var nonceBytes = Convert.FromBase64String(nonce);
            if (sealedBytes.Length < TagSize || nonceBytes.Length != NonceSize)
            {
                throw new CryptographicException("too short");
            }

            var plaintext = new byte[sealedBytes.Length - TagSize];
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(nonceBytes, sealedBytes.AsSpan(0, plaintext.Length), sealedBytes.AsSpan(plaintext.Length), plaintext, AssociatedData(name));
            try
            {
                return Encoding.UTF8.GetString(plaintext);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            throw new InvalidDataException(
                $"server key '{name}' could not be decrypted: [security] key_encryption_key is not the one it was stored with, or the row was changed or copied from another key.",
                ex);
        }
    }

    private static byte[] AssociatedData(string name) => [.. AssociatedDataPrefix, .. Encoding.UTF8.GetBytes(name)];
}
