using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Pickup.Core.Configuration;
using Pickup.Core.Security;
using Pickup.Data;
using Pickup.Data.Keys;

namespace Pickup.Host.Oidc;

/// <summary>
/// The server's keys, read from the database before the engine's services are built (creating what is missing, and
/// importing a home's <c>data/keys/</c> files from before keys lived in the database): the server secret, the OpenID
/// Connect keys, and the Data Protection key ring's files.
/// </summary>
internal sealed record ServerKeySet(ServerSecrets Secrets, OidcKeySnapshot Oidc)
{
    /// <summary>Keys that live in memory only, for <c>config check</c>, which writes nothing.</summary>
    public static ServerKeySet CreateEphemeral()
    {
        var signing = SigningKeyStore.CreateEphemeral();
        var encryption = SigningKeyStore.CreateEphemeral();
        var tokenSigning = SigningKeyStore.CreateEphemeralSymmetric();
        var tokenEncryption = SigningKeyStore.CreateEphemeralSymmetric();
        return new(
            ServerSecrets.CreateEphemeral(),
            new OidcKeySnapshot(
                [new SigningCredentials(tokenSigning, SecurityAlgorithms.HmacSha256), new SigningCredentials(signing, SecurityAlgorithms.RsaSha256)],
                [
                    new EncryptingCredentials(tokenEncryption, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512),
                    new EncryptingCredentials(encryption, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512),
                ],
                "ephemeral"));
    }

    /// <summary>
    /// Brings the database up to date and reads (or creates) every key. Safe on several nodes starting at once: each
    /// key is created by one of them and read by all.
    /// </summary>
    /// <exception cref="InvalidDataException">A stored key is malformed or cannot be decrypted.</exception>
    public static async Task<ServerKeySet> LoadAsync(
        PickupConfiguration configuration,
        string homeDirectory,
        ServerKeyEncryption encryption,
        ILoggerFactory logs,
        CancellationToken ct)
    {
        var deployment = configuration.Deployment;
        var services = new ServiceCollection()
            .AddSingleton(encryption)
            .AddSingleton(logs)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddPickupData(deployment.Database, deployment.Security.PasswordHash, homeDirectory);
        await using var provider = services.BuildServiceProvider();
        await provider.InitializeDatabaseAsync(ct);
        var store = provider.GetRequiredService<ServerKeyStore>();
        var logger = logs.CreateLogger("Pickup.Keys");
        if (!encryption.Enabled && deployment.Database.Type == "postgres")
        {
            logger.LogWarning(
                "[security] key_encryption_key is not set: the server's keys are stored in clear in the PostgreSQL database, "
                + "so anyone who can read it (or a backup) can sign tokens. Set it to 32 random bytes in base64 from the environment.");
        }

        var keys = Path.Combine(configuration.DataDirectory, "keys");
        var secret = await store.GetOrCreateAsync(
            "server-secret",
            () => SigningKeyStore.Import(Path.Combine(keys, ServerSecrets.FileName), logger, "server-secret", KeyIdOf)
                ?? NewSecret(),
            ct);
        // The first generation of each OpenID Connect key, imported or created; then every generation in use.
        foreach (var kind in OidcKeyKind.All)
        {
            await SigningKeyStore.LoadOrCreateAsync(store, kind, Path.Combine(keys, kind.LegacyFile), logger, ct);
        }

        var set = new ServerKeySet(
            ServerSecrets.FromBase64(secret.Material, "server key server-secret"),
            await new OidcKeys(store).ReadAsync(provider.GetRequiredService<TimeProvider>().GetUtcNow(), ct));
        await ImportDataProtectionRingAsync(store, Path.Combine(keys, "dataprotection"), logger, ct);
        return set;
    }

    // The ring's files from before (memory store): each key is a file key-<id>.xml, already encrypted under the server
    // secret imported above. Imported under the name Data Protection gave it, so every start imports nothing new.
    private static async Task ImportDataProtectionRingAsync(ServerKeyStore store, string directory, ILogger logger, CancellationToken ct)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var file in Directory.GetFiles(directory, "*.xml"))
        {
            var name = DatabaseXmlRepository.Prefix + Path.GetFileNameWithoutExtension(file);
            var text = await File.ReadAllTextAsync(file, ct);
            var id = System.Xml.Linq.XElement.Parse(text).Attribute("id")?.Value ?? Path.GetFileNameWithoutExtension(file);
            await store.GetOrCreateAsync(name, () => SigningKeyStore.Import(file, logger, name, _ => id)!, ct);
        }
    }

    private static string KeyIdOf(string base64) =>
        Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("server-secret:" + base64.Trim())))[..16];

    private static ServerKeyDraft NewSecret()
    {
        var text = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        return new ServerKeyDraft(KeyIdOf(text), text);
    }
}
