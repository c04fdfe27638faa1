using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Pickup.Core.Security;

namespace Pickup.Host.Oidc;

/// <summary>
/// The server's keys, created once and kept in <c>&lt;home&gt;/data/keys/</c> (owner-only files), so tokens stay valid
/// across restarts and every node sharing the keys signs alike: RSA keys as PEM files (<c>signing.pem</c> signs
/// identity tokens and is published at the JWKS endpoint), and 256-bit symmetric keys as base64 files
/// (<c>tokens-signing.key</c>, <c>tokens-encryption.key</c>) for the tokens only the engine itself reads back.
/// </summary>
internal static class SigningKeyStore
{
    /// <summary>Loads the named RSA key, creating it (RSA 2048) on first use.</summary>
    public static RsaSecurityKey LoadOrCreate(string keysDirectory, string name)
    {
        var rsa = RSA.Create();
        var pem = KeyFile.LoadOrCreate(Path.Combine(keysDirectory, name + ".pem"), () =>
        {
            rsa.KeySize = 2048;
            return rsa.ExportPkcs8PrivateKeyPem();
        });
        rsa.ImportFromPem(pem);
        return WithKeyId(rsa);
    }

    /// <summary>
    /// Loads the named 256-bit symmetric key, creating it from the CSPRNG on first use. OpenIddict prefers symmetric
    /// keys for the tokens it issues to itself (authorization codes, access and refresh tokens: HMAC-SHA256 signatures
    /// and AES key wrapping instead of RSA private-key operations); identity tokens are always signed with RSA.
    /// </summary>
    /// <exception cref="InvalidDataException">The file does not hold 32 bytes in base64.</exception>
    public static SymmetricSecurityKey LoadOrCreateSymmetric(string keysDirectory, string name)
    {
        var path = Path.Combine(keysDirectory, name + ".key");
        var text = KeyFile.LoadOrCreate(path, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"{path} is not a base64 key.");
        }

        return key.Length == 32
            ? WithKeyId(key)
            : throw new InvalidDataException($"{path} must hold a 256-bit key (32 bytes in base64), not {key.Length} bytes.");
    }

    /// <summary>A key that lives in memory only (for validating configuration without writing to the home).</summary>
    public static SymmetricSecurityKey CreateEphemeralSymmetric() => WithKeyId(RandomNumberGenerator.GetBytes(32));

    /// <summary>A key that lives in memory only (for validating configuration without writing to the home).</summary>
    public static RsaSecurityKey CreateEphemeral() => WithKeyId(RSA.Create(2048));

    private static SymmetricSecurityKey WithKeyId(byte[] key) =>
        new(key) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(key))[..16] };

    private static RsaSecurityKey WithKeyId(RSA rsa) =>
        new(rsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16] };
}
