using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pickup.Core.Security;
using Pickup.FakeVonage;
using Pickup.Testing;

namespace Pickup.Core.Tests.Security;

/// <summary>Real TLS on 127.0.0.1: every client from the factory trusts the system's roots plus the store.</summary>
public sealed class TrustStoreHttpsTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "pickup-trust-https-" + Guid.NewGuid().ToString("N")[..12]);

    public TrustStoreHttpsTests() => Directory.CreateDirectory(_home);

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task Get_SelfSignedServerNotImported_IsRefusedAndTheLogSaysHowToImportIt()
    {
        using var certificate = TestCertificates.CreateSelfSigned("fake-vonage.test");
        await using var server = await FakeVonageServer.StartAsync(certificate: certificate);
        var logs = new CapturedLogs();
        using var services = Engine(logs);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(services, server));

        Assert.Equal(HttpRequestError.SecureConnectionError, error.HttpRequestError);
        var warning = Assert.Single(logs.Lines, l => l.Contains("is not trusted", StringComparison.Ordinal));
        Assert.Contains("subject CN=fake-vonage.test", warning, StringComparison.Ordinal);
        Assert.Contains(Fingerprint(certificate), warning, StringComparison.Ordinal);
        Assert.Contains($"./pickup --home {_home} truststore import --file {_home}", warning, StringComparison.Ordinal);
        Assert.Contains("--alias 127.0.0.1", warning, StringComparison.Ordinal);
        Assert.Contains("openssl s_client -connect 127.0.0.1:", warning, StringComparison.Ordinal);

        // The file the command names holds exactly the certificate the server sent.
        var saved = Assert.Single(Directory.GetFiles(Path.Combine(_home, "data", "security", "untrusted")));
        Assert.Contains($"--file {saved} ", warning, StringComparison.Ordinal);
        using var savedCertificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(saved));
        Assert.Equal(certificate.Thumbprint, savedCertificate.Thumbprint);
    }

    [Fact]
    public async Task Get_SelfSignedServerImported_IsTrustedFromTheNextStart()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        await using var server = await FakeVonageServer.StartAsync(certificate: certificate);
        using var before = Engine(new CapturedLogs());
        Import(certificate, "fake-vonage");

        // Read at start-up: the running engine is unchanged...
        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(before, server));

        // ...and the next one trusts it.
        using var after = Engine(new CapturedLogs());
        using var response = await GetAsync(after, server);
        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Get_LeafOfImportedPrivateRoot_IsTrusted()
    {
        using var root = TestCertificates.CreateRoot();
        using var leaf = TestCertificates.CreateIssued(root, "sms.internal");
        await using var server = await FakeVonageServer.StartAsync(certificate: leaf);
        Import(root, "private-root");
        using var services = Engine(new CapturedLogs());

        using var response = await GetAsync(services, server);

        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Get_ImportedRootButWrongHostName_IsStillRefused()
    {
        using var root = TestCertificates.CreateRoot();
        using var leaf = TestCertificates.CreateIssued(root, "elsewhere.example", withLoopbackIp: false, "elsewhere.example");
        await using var server = await FakeVonageServer.StartAsync(certificate: leaf);
        Import(root, "private-root");
        var logs = new CapturedLogs();
        using var services = Engine(logs);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(services, server));

        Assert.Equal(HttpRequestError.SecureConnectionError, error.HttpRequestError);
        Assert.Contains("not issued for that name", logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ImportedLeafOfUnknownIssuer_IsTrustedAsKeytoolWould()
    {
        using var root = TestCertificates.CreateRoot("Unknown Root");
        using var leaf = TestCertificates.CreateIssued(root, "sms.internal");
        await using var server = await FakeVonageServer.StartAsync(certificate: leaf);
        Import(leaf, "the-leaf");
        using var services = Engine(new CapturedLogs());

        using var response = await GetAsync(services, server);

        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Get_ImportedLeafButWrongHostName_IsStillRefused()
    {
        using var root = TestCertificates.CreateRoot("Unknown Root");
        using var leaf = TestCertificates.CreateIssued(root, "x", withLoopbackIp: false, "elsewhere.example");
        await using var server = await FakeVonageServer.StartAsync(certificate: leaf);
        Import(leaf, "the-leaf");
        using var services = Engine(new CapturedLogs());

        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(services, server));
    }

    [Fact]
    public async Task Get_ClientWithItsOwnPrimaryHandlerSettings_StillGetsTheTrustStore()
    {
        // As the Nexmo plugin does: a named client that changes its primary handler in place (a connect timeout).
        using var certificate = TestCertificates.CreateSelfSigned();
        await using var server = await FakeVonageServer.StartAsync(certificate: certificate);
        Import(certificate, "fake-vonage");
        var connectTimeoutKept = false;
        using var services = Engine(new CapturedLogs(), s => s.AddHttpClient("custom").ConfigurePrimaryHttpMessageHandler((handler, _) =>
        {
            ((SocketsHttpHandler)handler).ConnectTimeout = TimeSpan.FromSeconds(3);
        }).ConfigurePrimaryHttpMessageHandler((handler, _) => connectTimeoutKept = ((SocketsHttpHandler)handler).ConnectTimeout == TimeSpan.FromSeconds(3)));

        using var client = services.GetRequiredService<IHttpClientFactory>().CreateClient("custom");
        using var response = await client.GetAsync(new Uri(server.BaseUrl, "sms/json"));

        Assert.True(response.IsSuccessStatusCode);
        Assert.True(connectTimeoutKept);
    }

    [Fact]
    public void AddPickupTrustStore_CalledTwice_RegistersOneValidator()
    {
        var services = new ServiceCollection().AddPickupTrustStore(_home).AddPickupTrustStore(_home);

        Assert.Single(services, d => d.ServiceType == typeof(TrustStoreCertificateValidator));
    }

    private static async Task<HttpResponseMessage> GetAsync(ServiceProvider services, FakeVonageServer server)
    {
        using var client = services.GetRequiredService<IHttpClientFactory>().CreateClient("any");
        return await client.GetAsync(new Uri(server.BaseUrl, "sms/json"));
    }

    private static string Fingerprint(X509Certificate2 certificate) =>
        string.Join(':', Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(certificate.RawData)).Chunk(2).Select(c => new string(c)));

    // A fresh container is what the next start of the engine is.
    private ServiceProvider Engine(CapturedLogs logs, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        services.AddPickupTrustStore(_home);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    private void Import(X509Certificate2 certificate, string alias)
    {
        var file = Path.Combine(_home, alias + ".crt");
        File.WriteAllText(file, certificate.ExportCertificatePem());
        new TrustStore(_home).Import(file, alias);
    }
}
