using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Pickup.Abstractions.Security;

namespace Pickup.Core.Security;

/// <summary>
/// Encrypts Data Protection keys (the anti-forgery keys and anything else Data Protection protects) before they are
/// stored (in the database's server keys' table): AES-256-GCM under a key derived from the server secret, so a key
/// ring changed there fails to decrypt; with <c>[security] key_encryption_key</c> the secret itself is sealed too.
/// Once per server.
/// </summary>
/// <remarks>
/// Chosen over <c>ProtectKeysWithCertificate</c>: no certificate to issue, rotate and install on every node. Kept now
/// that the ring lives in the database: rings imported from a home's files were written under it.
/// </remarks>
public sealed class ServerSecretXmlEncryptor : IXmlEncryptor
{
    /// <summary>The purpose the AES key is derived for.</summary>
    public const string Purpose = "engine/data-protection-keys";

    /// <summary>The element holding the nonce, the ciphertext and the tag (base64, in that order).</summary>
    internal const string ValueElement = "value";

    /// <summary>Binds a ciphertext to this use.</summary>
    internal static readonly byte[] AssociatedData = Encoding.UTF8.GetBytes("Pickup.Engine data protection key v1");

    private readonly byte[] _key;

    /// <summary>Derives the key from <paramref name="secrets"/>.</summary>
    public ServerSecretXmlEncryptor(IServerSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _key = secrets.DeriveKey(Purpose);
    }

    /// <inheritdoc />
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[AesGcm.NonceByteSizes.MaxSize + plaintext.Length + AesGcm.TagByteSizes.MaxSize];
        var nonce = sealedBytes.AsSpan(0, AesGcm.NonceByteSizes.MaxSize);
        var ciphertext = sealedBytes.AsSpan(nonce.Length, plaintext.Length);
        var tag = sealedBytes.AsSpan(nonce.Length + plaintext.Length);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_key, tag.Length))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData);
        }

        CryptographicOperations.ZeroMemory(plaintext);
        var element = new XElement(
            "encryptedKey",
            new XComment(" AES-256-GCM under a key derived from data/keys/server-secret.key "),
            new XElement(ValueElement, Convert.ToBase64String(sealedBytes)));
        return new EncryptedXmlInfo(element, typeof(ServerSecretXmlDecryptor));
    }
}

/// <summary>
/// Decrypts what <see cref="ServerSecretXmlEncryptor"/> wrote. Data Protection creates it by type name with the
/// application's services. Once per key ring read.
/// </summary>
public sealed class ServerSecretXmlDecryptor : IXmlDecryptor
{
    private readonly byte[] _key;

    /// <summary>Takes the server secret from the application's services.</summary>
    public ServerSecretXmlDecryptor(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var secrets = (IServerSecrets?)services.GetService(typeof(IServerSecrets))
            ?? throw new InvalidOperationException("No IServerSecrets is registered: cannot decrypt the Data Protection keys.");
        _key = secrets.DeriveKey(ServerSecretXmlEncryptor.Purpose);
    }

    /// <inheritdoc />
    /// <exception cref="CryptographicException">The key was encrypted under another secret, or changed.</exception>
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var value = encryptedElement.Element(ServerSecretXmlEncryptor.ValueElement)?.Value
            ?? throw new CryptographicException("The encrypted Data Protection key has no value.");
        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(value);
        }
        catch (FormatException ex)
        {
            throw new CryptographicException("The encrypted Data Protection key is not base64.", ex);
        }

        var nonceSize = AesGcm.NonceByteSizes.MaxSize;
        var tagSize = AesGcm.TagByteSizes.MaxSize;
        if (sealedBytes.Length < nonceSize + tagSize)
        {
            throw new CryptographicException("The encrypted Data Protection key is too short.");
        }

        var plaintext = new byte[sealedBytes.Length - nonceSize - tagSize];
        using (var aes = new AesGcm(_key, tagSize))
        {
            aes.Decrypt(
                sealedBytes.AsSpan(0, nonceSize),
                sealedBytes.AsSpan(nonceSize, plaintext.Length),
                sealedBytes.AsSpan(nonceSize + plaintext.Length),
                plaintext,
                ServerSecretXmlEncryptor.AssociatedData);
        }

        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
