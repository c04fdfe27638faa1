using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Pickup.Data.Keys;

namespace Pickup.Host.Oidc;

/// <summary>
/// The OpenID Connect server's keys, one row each in the server keys' table (<see cref="ServerKeyStore"/>), created by
/// whichever node needs them first: RSA keys as PKCS#8 PEM (<c>oidc-signing</c> signs identity tokens and is published
/// at the JWKS endpoint), and 256-bit symmetric keys in base64 (<c>tokens-signing</c>, <c>tokens-encryption</c>) for the
/// tokens only the engine itself reads back. A home from before keys lived in the database has them as files in
/// <c>data/keys/</c>: those are imported once, with the same key ids, so the tokens they signed stay valid.
/// </summary>
internal static class SigningKeyStore
{
    /// <summary>
    /// Makes sure the first generation of <paramref name="kind"/> exists: imports <paramref name="legacyFile"/> when a
    /// home from before has it, or creates the key (RSA 2048, or 256 bits from the CSPRNG). OpenIddict prefers symmetric
    /// keys for the tokens it issues to itself (authorization codes, access and refresh tokens: HMAC-SHA256 signatures
    /// and AES key wrapping instead of RSA private-key operations); identity tokens are always signed with RSA.
    /// </summary>
    /// <exception cref="InvalidDataException">The stored key is not what the kind holds, or cannot be decrypted.</exception>
    public static async Task LoadOrCreateAsync(ServerKeyStore store, OidcKeyKind kind, string legacyFile, ILogger logger, CancellationToken ct)
    {
        var key = await store.GetOrCreateAsync(
            kind.BaseName,
            () => Import(legacyFile, logger, kind.BaseName, text => Parse(kind, new ServerKey(kind.BaseName, string.Empty, text)).KeyId)
                ?? NewDraft(kind),
            ct);
        Parse(kind, key);
    }

    /// <summary>A new key of <paramref name="kind"/> (RSA 2048, or 256 bits from the CSPRNG), for a new generation.</summary>
    public static ServerKeyDraft NewDraft(OidcKeyKind kind) => kind.Rsa ? Draft(RSA.Create(2048)) : Draft(RandomNumberGenerator.GetBytes(32));

    /// <summary>The security key a stored key of <paramref name="kind"/> holds, with its key id.</summary>
    /// <exception cref="InvalidDataException">The material is not what the kind holds.</exception>
    public static SecurityKey Parse(OidcKeyKind kind, ServerKey key) => kind.Rsa
        ? WithKeyId(RsaFromPem(key.Material, "server key " + key.Name))
        : WithKeyId(SymmetricFromBase64(key.Material, "server key " + key.Name));

    /// <summary>A key that lives in memory only (for validating configuration without writing to the home).</summary>
    public static SymmetricSecurityKey CreateEphemeralSymmetric() => WithKeyId(RandomNumberGenerator.GetBytes(32));

    /// <summary>A key that lives in memory only (for validating configuration without writing to the home).</summary>
    public static RsaSecurityKey CreateEphemeral() => WithKeyId(RSA.Create(2048));

    /// <summary>The key of a file written by the engine before keys lived in the database; null when there is none.</summary>
    internal static ServerKeyDraft? Import(string legacyFile, ILogger logger, string name, Func<string, string> keyId)
    {
        if (!File.Exists(legacyFile))
        {
            return null;
        }

        var text = File.ReadAllText(legacyFile).Trim();
        var draft = new ServerKeyDraft(keyId(text), text);
        logger.LogInformation(
            "Imported {File} into the database as server key {Name}: every node now reads it from there, and the file may be deleted.",
            legacyFile,
            name);
        return draft;
    }

    private static ServerKeyDraft Draft(RSA rsa)
    {
        using (rsa)
        {
            return new ServerKeyDraft(WithKeyId(rsa).KeyId!, rsa.ExportPkcs8PrivateKeyPem());
        }
    }

    private static ServerKeyDraft Draft(byte[] key)
    {
        try
        {
            return new ServerKeyDraft(WithKeyId(key).KeyId!, Convert.ToBase64String(key));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static RSA RsaFromPem(string pem, string source)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return rsa;
        }
        catch (ArgumentException ex)
        {
            rsa.Dispose();
            throw new InvalidDataException($"{source} is not an RSA private key in PEM.", ex);
        }
    }

    private static byte[] SymmetricFromBase64(string text, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"{source} is not a base64 key.");
        }

        return key.Length == 32
            ? key
            : throw new InvalidDataException($"{source} must hold a 256-bit key (32 bytes in base64), not {key.Length} bytes.");
    }

    private static SymmetricSecurityKey WithKeyId(byte[] key) =>
        new(key) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(key))[..16] };

    private static RsaSecurityKey WithKeyId(RSA rsa) =>
        new(rsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16] };
}
