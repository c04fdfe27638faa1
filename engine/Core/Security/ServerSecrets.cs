using System.Security.Cryptography;
using System.Text;
using Pickup.Abstractions.Security;

namespace Pickup.Core.Security;

/// <summary>
/// The server's one shared secret (256 random bits in base64; the <c>server-secret</c> row of the database's server
/// keys, imported from <c>&lt;home&gt;/data/keys/server-secret.key</c> when a home from before has it), and the keys
/// derived from it with HKDF-SHA256, one per purpose. Every node reads the same row.
/// </summary>
public sealed class ServerSecrets : IServerSecrets
{
    /// <summary>The file's name in the keys folder.</summary>
    public const string FileName = "server-secret.key";

    private static readonly byte[] Salt = Encoding.UTF8.GetBytes("Pickup.Engine server secret v1");

    private readonly byte[] _secret;

    private ServerSecrets(byte[] secret) => _secret = secret;

    /// <summary>Loads the secret from <paramref name="keysDirectory"/>, creating it on first use.</summary>
    /// <exception cref="InvalidDataException">The file does not hold 32 bytes in base64.</exception>
    public static ServerSecrets LoadOrCreate(string keysDirectory)
    {
        var path = Path.Combine(keysDirectory, FileName);
        var text = KeyFile.LoadOrCreate(path, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"{path} is not a base64 key.");
        }

        return secret.Length == 32
            ? new ServerSecrets(secret)
            : throw new InvalidDataException($"{path} must hold a 256-bit key (32 bytes in base64), not {secret.Length} bytes.");
    }

    /// <summary>The secret held by <paramref name="text"/> (32 bytes in base64), as stored in the database.</summary>
    /// <exception cref="InvalidDataException">The text is not 32 bytes in base64; the message names <paramref name="source"/>.</exception>
    public static ServerSecrets FromBase64(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"{source} is not a base64 key.");
        }

        return secret.Length == 32
            ? new ServerSecrets(secret)
            : throw new InvalidDataException($"{source} must hold a 256-bit key (32 bytes in base64), not {secret.Length} bytes.");
    }

    /// <summary>A secret that lives in memory only (for validating configuration without writing to the home).</summary>
    public static ServerSecrets CreateEphemeral() => new(RandomNumberGenerator.GetBytes(32));

    /// <inheritdoc />
    public byte[] DeriveKey(string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, _secret, 32, Salt, Encoding.UTF8.GetBytes(purpose));
    }
}
