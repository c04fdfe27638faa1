using System.Security.Cryptography;
using System.Xml.Linq;
using Pickup.Core.Security;

namespace Pickup.Core.Tests.Security;

public sealed class ServerSecretsTests : IDisposable
{
    private readonly string _keys = Path.Combine(Path.GetTempPath(), "pickup-secret-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_keys))
        {
            Directory.Delete(_keys, recursive: true);
        }
    }

    [Fact]
    public void LoadOrCreate_TwoNodesSharingTheFile_DeriveTheSameKeyPerPurpose_AndDifferentKeysPerPurpose()
    {
        var first = ServerSecrets.LoadOrCreate(_keys);
        var second = ServerSecrets.LoadOrCreate(_keys);

        Assert.Equal(first.DeriveKey("engine/a"), second.DeriveKey("engine/a"));
        Assert.Equal(32, first.DeriveKey("engine/a").Length);
        Assert.NotEqual(first.DeriveKey("engine/a"), first.DeriveKey("engine/b"));
        Assert.NotEqual(first.DeriveKey("engine/a"), ServerSecrets.CreateEphemeral().DeriveKey("engine/a"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_keys, ServerSecrets.FileName)));
        }
    }

    [Fact]
    public async Task LoadOrCreate_ManyNodesStartingAtOnce_AllReadOneSecret()
    {
        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ServerSecrets.LoadOrCreate(_keys).DeriveKey("engine/x"))));

        Assert.All(keys, k => Assert.Equal(keys[0], k));
        Assert.Single(Directory.GetFiles(_keys));
    }

    [Fact]
    public void LoadOrCreate_FileThatIsNotAKey_IsRefusedWithItsPath()
    {
        Directory.CreateDirectory(_keys);
        File.WriteAllText(Path.Combine(_keys, ServerSecrets.FileName), Convert.ToBase64String(new byte[16]));

        var error = Assert.Throws<InvalidDataException>(() => ServerSecrets.LoadOrCreate(_keys));

        Assert.Contains(ServerSecrets.FileName, error.Message, StringComparison.Ordinal);
        Assert.Contains("256-bit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void XmlEncryptor_HidesTheKeyMaterial_AndOnlyTheSameSecretDecryptsIt()
    {
        var secrets = ServerSecrets.LoadOrCreate(_keys);
        var material = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var key = new XElement("descriptor", new XElement("masterKey", new XElement("value", material)));

        var encrypted = new ServerSecretXmlEncryptor(secrets).Encrypt(key);

        Assert.Equal(typeof(ServerSecretXmlDecryptor), encrypted.DecryptorType);
        Assert.DoesNotContain(material, encrypted.EncryptedElement.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("masterKey", encrypted.EncryptedElement.ToString(), StringComparison.Ordinal);
        var sameSecret = new ServerSecretXmlDecryptor(new SecretsProvider(ServerSecrets.LoadOrCreate(_keys)));
        Assert.Equal(key.ToString(), sameSecret.Decrypt(encrypted.EncryptedElement).ToString());

        var otherSecret = new ServerSecretXmlDecryptor(new SecretsProvider(ServerSecrets.CreateEphemeral()));
        Assert.ThrowsAny<CryptographicException>(() => otherSecret.Decrypt(encrypted.EncryptedElement));

        // Changed where it is stored: refused, never read as another key.
        var value = encrypted.EncryptedElement.Element("value")!;
        var bytes = Convert.FromBase64String(value.Value);
        bytes[^20] ^= 1;
        value.Value = Convert.ToBase64String(bytes);
        Assert.ThrowsAny<CryptographicException>(() => sameSecret.Decrypt(encrypted.EncryptedElement));
    }

    private sealed class SecretsProvider(ServerSecrets secrets) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(Pickup.Abstractions.Security.IServerSecrets) ? secrets : null;
    }
}
