using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Oidc;

/// <summary>The OpenID Connect server's public face: health, discovery, keys that survive a restart and an upgrade.</summary>
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
    public async Task SigningKeys_AreKeptInTheDatabase_AndSurviveARestart()
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

        // One row per key, no key file in the home.
        var names = (await ServerKeyRows.ReadSqliteAsync(_home)).Select(r => r.Name).ToList();
        Assert.Subset(names.ToHashSet(), new HashSet<string> { "server-secret", "oidc-signing", "oidc-encryption", "tokens-signing", "tokens-encryption" });
        Assert.False(Directory.Exists(_home.FilePath("data/keys")));

        // Only the RSA signing key is public; the symmetric keys never leave the database.
        var keys = JsonDocument.Parse(first).RootElement.GetProperty("keys").EnumerateArray().ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.Equal("RSA", key.GetProperty("kty").GetString()));
        Assert.DoesNotContain("\"k\"", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HomeWithKeyFilesFromBefore_IsImportedOnce_SoItsKeysStillSignAndValidate()
    {
        // What an engine from before keys lived in the database left in the home.
        Directory.CreateDirectory(_home.FilePath("data/keys"));
        using var rsa = RSA.Create(2048);
        var keyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16];
        _home.Write("data/keys/signing.pem", rsa.ExportPkcs8PrivateKeyPem());
        using (var other = RSA.Create(2048))
        {
            _home.Write("data/keys/encryption.pem", other.ExportPkcs8PrivateKeyPem());
        }

        foreach (var file in new[] { "tokens-signing.key", "tokens-encryption.key", "server-secret.key" })
        {
            _home.Write("data/keys/" + file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }

        // An identity token the old engine signed with that key.
        var issued = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _home.BaseUrl.ToString(),
            Audience = "pickup-dispatch",
            Subject = new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("sub", "alex")]),
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = keyId }, SecurityAlgorithms.RsaSha256),
        });

        string jwks;
        await using (var engine = await EngineServer.StartAsync(_home))
        {
            jwks = await JwksAsync(engine);
        }

        Assert.True(await ValidatesAsync(issued, jwks), "a token signed before the upgrade does not validate against the JWKS after it");
        var stored = await ServerKeyRows.ReadSqliteAsync(_home);
        Assert.Contains(stored, r => r.Name == "oidc-signing" && r.Material.Trim() == rsa.ExportPkcs8PrivateKeyPem().Trim());
        Assert.Equal(File.ReadAllText(_home.FilePath("data/keys/server-secret.key")).Trim(), stored.Single(r => r.Name == "server-secret").Material);

        // Once imported, the files are no longer needed.
        Directory.Delete(_home.FilePath("data/keys"), recursive: true);
        await using (var engine = await EngineServer.StartAsync(_home))
        {
            Assert.Equal(jwks, await JwksAsync(engine));
        }
    }

    private async Task<bool> ValidatesAsync(string token, string jwks)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _home.BaseUrl.ToString(),
            ValidAudience = "pickup-dispatch",
            IssuerSigningKeys = new JsonWebKeySet(jwks).GetSigningKeys(),
        });
        return result.IsValid;
    }

    private static async Task<string> JwksAsync(EngineServer engine)
    {
        using var browser = new BrowserSession(engine.BaseUrl);
        return await browser.Client.GetStringAsync("/oauth2/jwks");
    }
}
