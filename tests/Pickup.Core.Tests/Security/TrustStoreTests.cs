using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Pickup.Core.Security;
using Pickup.Testing;

namespace Pickup.Core.Tests.Security;

public sealed class TrustStoreTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "pickup-truststore-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _files;
    private readonly TrustStore _store;

    public TrustStoreTests()
    {
        _files = Path.Combine(_home, "incoming");
        Directory.CreateDirectory(_files);
        _store = new TrustStore(_home);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public void Import_PemFile_ListsAliasSubjectIssuerNotAfterAndFingerprint()
    {
        using var certificate = TestCertificates.CreateSelfSigned("sms.example");
        var file = Write("provider.pem", certificate.ExportCertificatePem());

        var imported = _store.Import(file, "sms-provider");

        var entry = Assert.Single(_store.List());
        Assert.Equal(imported, entry);
        Assert.Equal("sms-provider", entry.Alias);
        Assert.Equal("CN=sms.example", entry.Subject);
        Assert.Equal("CN=sms.example", entry.Issuer);
        Assert.Equal(certificate.NotAfter.ToUniversalTime(), entry.NotAfter.UtcDateTime);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(certificate.RawData)), entry.Sha256Fingerprint.Replace(":", string.Empty, StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(_home, "conf", "security", "sms-provider.pem")));
    }

    [Fact]
    public void Import_DerFile_IsStoredAsPem()
    {
        using var certificate = TestCertificates.CreateRoot("Private Root");
        var file = Path.Combine(_files, "root.der");
        File.WriteAllBytes(file, certificate.RawData);

        _store.Import(file, "private.root_1");

        Assert.Equal("CN=Private Root", Assert.Single(_store.List()).Subject);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(Path.Combine(_store.Directory, "private.root_1.pem")), StringComparison.Ordinal);
    }

    [Fact]
    public void Import_AliasTakenInAnyCase_IsRefusedAndKeepsTheFirst()
    {
        using var first = TestCertificates.CreateSelfSigned("first.example");
        using var second = TestCertificates.CreateSelfSigned("second.example");
        _store.Import(Write("a.pem", first.ExportCertificatePem()), "nexmo");

        var error = Assert.Throws<TrustStoreException>(() => _store.Import(Write("b.pem", second.ExportCertificatePem()), "NEXMO"));

        Assert.Contains("already has an entry named 'nexmo'", error.Message, StringComparison.Ordinal);
        Assert.Equal("CN=first.example", Assert.Single(_store.List()).Subject);
    }

    [Fact]
    public void Import_SameCertificateUnderAnotherAlias_IsRefused()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        var file = Write("a.pem", certificate.ExportCertificatePem());
        _store.Import(file, "one");

        var error = Assert.Throws<TrustStoreException>(() => _store.Import(file, "two"));

        Assert.Contains("already in the trust store as 'one'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage.pem", "just some text, not a certificate")]
    [InlineData("empty.pem", "")]
    [InlineData("broken.pem", "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n")]
    [InlineData("csr.pem", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n")]
    public void Import_NotACertificate_IsRefusedWithAClearMessage(string name, string content)
    {
        var file = Write(name, content);

        var error = Assert.Throws<TrustStoreException>(() => _store.Import(file, "x"));

        Assert.StartsWith(file + ":", error.Message, StringComparison.Ordinal);
        Assert.Empty(_store.List());
        Assert.False(Directory.Exists(_store.Directory) && Directory.EnumerateFiles(_store.Directory).Any());
    }

    [Fact]
    public void Import_BinaryGarbage_IsRefusedAsNotACertificate()
    {
        var file = Path.Combine(_files, "random.der");
        File.WriteAllBytes(file, RandomNumberGenerator.GetBytes(600));

        var error = Assert.Throws<TrustStoreException>(() => _store.Import(file, "x"));

        Assert.Contains("is not an X.509 certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_PemWithPrivateKey_IsRefusedAndNothingIsWritten()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        using var key = certificate.GetRSAPrivateKey()!;
        var file = Write("bundle.pem", certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());

        var error = Assert.Throws<TrustStoreException>(() => _store.Import(file, "x"));

        Assert.Contains("private key", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_store.Directory, "x.pem")));
    }

    [Fact]
    public void Import_PemWithTwoCertificates_IsRefused()
    {
        using var a = TestCertificates.CreateSelfSigned("a.example");
        using var b = TestCertificates.CreateSelfSigned("b.example");

        var error = Assert.Throws<TrustStoreException>(() => _store.Import(Write("chain.pem", a.ExportCertificatePem() + "\n" + b.ExportCertificatePem()), "x"));

        Assert.Contains("holds 2 certificates", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_MissingFile_IsRefused()
    {
        var error = Assert.Throws<TrustStoreException>(() => _store.Import(Path.Combine(_files, "nope.pem"), "x"));

        Assert.Contains("no such file", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("with space")]
    [InlineData("ünicode")]
    public void Import_InvalidAlias_IsRefusedBeforeTouchingAnyFile(string alias)
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        var file = Write("a.pem", certificate.ExportCertificatePem());

        var error = Assert.Throws<TrustStoreException>(() => _store.Import(file, alias));

        Assert.Contains("not a valid alias", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_store.Directory));
    }

    [Fact]
    public void IsValidAlias_SixtyFiveCharacters_IsFalse()
    {
        Assert.True(TrustStore.IsValidAlias(new string('a', 64)));
        Assert.False(TrustStore.IsValidAlias(new string('a', 65)));
    }

    [Fact]
    public void Remove_ExistingAliasInOtherCase_DeletesTheEntry()
    {
        using var certificate = TestCertificates.CreateSelfSigned("gone.example");
        _store.Import(Write("a.pem", certificate.ExportCertificatePem()), "Provider");

        var removed = _store.Remove("provider");

        Assert.Equal("Provider", removed.Alias);
        Assert.Equal("CN=gone.example", removed.Subject);
        Assert.Empty(_store.List());
    }

    [Fact]
    public void Remove_UnknownAlias_IsRefused()
    {
        var error = Assert.Throws<TrustStoreException>(() => _store.Remove("nothing"));

        Assert.Contains("no entry named 'nothing'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BrokenAndStrayFiles_AreReportedAndTheRestStillLoads()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        _store.Import(Write("a.pem", certificate.ExportCertificatePem()), "good");
        File.WriteAllText(Path.Combine(_store.Directory, "broken.pem"), "garbage");
        File.WriteAllBytes(Path.Combine(_store.Directory, "dropped.crt"), certificate.RawData);

        var contents = _store.Load();

        Assert.Equal("good", Assert.Single(contents.Entries).Alias);
        Assert.Single(contents.Certificates);
        Assert.Equal(2, contents.Problems.Count);
        Assert.Contains(contents.Problems, p => p.Contains("broken.pem", StringComparison.Ordinal) && p.Contains("ignored", StringComparison.Ordinal));
        Assert.Contains(contents.Problems, p => p.Contains("dropped.crt", StringComparison.Ordinal) && p.Contains("truststore import", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("rest.nexmo.com", "rest.nexmo.com")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("::1", "1")]
    [InlineData("***", "provider")]
    public void SuggestAlias_HostName_GivesAValidAlias(string host, string expected)
    {
        var alias = TrustStore.SuggestAlias(host);

        Assert.Equal(expected, alias);
        Assert.True(TrustStore.IsValidAlias(alias));
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_files, name);
        File.WriteAllText(path, content);
        return path;
    }
}
