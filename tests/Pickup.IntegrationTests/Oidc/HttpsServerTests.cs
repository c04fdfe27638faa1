using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Pickup.IntegrationTests.Infrastructure;
using Pickup.Testing;

namespace Pickup.IntegrationTests.Oidc;

/// <summary>scheme = "https" with a certificate: the engine serves TLS itself, and its cookies and headers say so.</summary>
public sealed class HttpsServerTests : IDisposable
{
    private readonly TestHome _home = new("http://127.0.0.1:1/sms/json?to=$ctx.num&text=$ctx.msg");

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Https_WithCertificate_ServesTlsWithHstsAndSecureCookies()
    {
        using var certificate = TestCertificates.CreateSelfSigned("pickup.test");
        File.WriteAllText(_home.FilePath("conf/tls.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(_home.FilePath("conf/tls.key"), certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        _home.Write("conf/deployment.toml", TestHome.Deployment(_home.Port).Replace(
            "scheme = \"http\"",
            "scheme = \"https\"\ncertificate = \"conf/tls.pem\"\ncertificate_key = \"conf/tls.key\"",
            StringComparison.Ordinal));
        await using var engine = await EngineServer.StartAsync(_home);
        var baseUrl = new Uri($"https://127.0.0.1:{_home.Port}/");
        using var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented is not null && presented.Thumbprint == certificate.Thumbprint,
        };
        using var http = new HttpClient(handler) { BaseAddress = baseUrl };

        var discovery = JsonDocument.Parse(await http.GetStringAsync("/.well-known/openid-configuration")).RootElement;
        Assert.Equal(baseUrl.ToString(), discovery.GetProperty("issuer").GetString());

        var client = new OidcTestClient(new BrowserSession(baseUrl), _home.CallbackUrl);
        using var start = await http.GetAsync(client.AuthorizeUrl());
        Assert.Equal(HttpStatusCode.SeeOther, start.StatusCode);
        var binding = start.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-pickup.browser=", StringComparison.Ordinal));
        Assert.Contains("secure", binding, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", binding, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/;", binding + ";", StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", binding, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("max-age=", start.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_CertificateThatCannotBeRead_StopsStartUpWithTheFileNamed()
    {
        _home.Write("conf/deployment.toml", TestHome.Deployment(_home.Port).Replace(
            "scheme = \"http\"",
            "scheme = \"https\"\ncertificate = \"conf/missing.pem\"\ncertificate_key = \"conf/missing.key\"",
            StringComparison.Ordinal));

        var result = await EngineServer.BuildAsync(_home);

        Assert.Null(result.App);
        Assert.Contains("conf/missing.pem", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }
}
