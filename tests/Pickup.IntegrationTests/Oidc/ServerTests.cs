using System.Net;
using System.Text.Json;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Oidc;

/// <summary>The OpenID Connect server's public face: health, discovery, keys that survive a restart.</summary>
public sealed class ServerTests : IDisposable
{
    private readonly TestHome _home = new("http://127.0.0.1:1/sms/json?to=$ctx.num&text=$ctx.msg");

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Discovery_IssuerComesFromConfigurationNotFromTheHostHeader()
    {
        await using var engine = await EngineServer.StartAsync(_home);
        using var browser = new BrowserSession(engine.BaseUrl);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration");
        request.Headers.Host = "attacker.example";
        using var response = await browser.Client.SendAsync(request);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(engine.BaseUrl.ToString(), document.GetProperty("issuer").GetString());
        Assert.StartsWith(engine.BaseUrl.ToString(), document.GetProperty("authorization_endpoint").GetString(), StringComparison.Ordinal);
        Assert.Equal(new[] { "S256" }, document.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task SigningKeys_AreKeptInTheHome_AndSurviveARestart()
    {
        string first;
        await using (var engine = await EngineServer.StartAsync(_home))
        {
            first = await JwksAsync(engine);
        }

        await using (var engine = await EngineServer.StartAsync(_home))
        {
            Assert.Equal(first, await JwksAsync(engine));
        }

        foreach (var file in new[] { "signing.pem", "encryption.pem", "tokens-signing.key", "tokens-encryption.key" })
        {
            Assert.True(File.Exists(_home.FilePath("data/keys/" + file)), file);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_home.FilePath("data/keys/" + file)));
            }
        }

        // Only the RSA signing key is public; the symmetric keys never leave the home.
        var keys = JsonDocument.Parse(first).RootElement.GetProperty("keys").EnumerateArray().ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.Equal("RSA", key.GetProperty("kty").GetString()));
        Assert.DoesNotContain("\"k\"", first, StringComparison.Ordinal);
    }

    private static async Task<string> JwksAsync(EngineServer engine)
    {
        using var browser = new BrowserSession(engine.BaseUrl);
        return await browser.Client.GetStringAsync("/oauth2/jwks");
    }
}
