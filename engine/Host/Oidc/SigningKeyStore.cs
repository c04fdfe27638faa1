using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Pickup.Host.Oidc;

/// <summary>
/// The server's RSA keys, created once and kept as PEM files in <c>&lt;home&gt;/data/keys/</c>, so tokens stay
/// valid across restarts and every node sharing the home signs alike.
/// </summary>
internal static class SigningKeyStore
{
    /// <summary>Loads the named key, creating it (RSA 2048, owner-only file) on first use.</summary>
    public static RsaSecurityKey LoadOrCreate(string keysDirectory, string name)
    {
        Directory.CreateDirectory(keysDirectory);
        var path = Path.Combine(keysDirectory, name + ".pem");
        var rsa = RSA.Create();
        if (File.Exists(path))
        {
            rsa.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            rsa.KeySize = 2048;
            var pem = rsa.ExportPkcs8PrivateKeyPem();
            var temporary = path + ".tmp";
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                using var writer = new StreamWriter(stream);
                writer.Write(pem);
            }

            // Another node may have created the key meanwhile: the first one wins and everybody reads it.
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
                rsa.ImportFromPem(File.ReadAllText(path));
            }
        }

        return WithKeyId(rsa);
    }

    /// <summary>A key that lives in memory only (for validating configuration without writing to the home).</summary>
    public static RsaSecurityKey CreateEphemeral() => WithKeyId(RSA.Create(2048));

    private static RsaSecurityKey WithKeyId(RSA rsa) =>
        new(rsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16] };
}
