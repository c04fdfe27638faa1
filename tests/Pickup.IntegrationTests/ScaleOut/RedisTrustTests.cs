using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;
using Pickup.Testing;

namespace Pickup.IntegrationTests.ScaleOut;

/// <summary>
/// What lives in Redis is not trusted blindly: a login attempt changed there is refused, the Data Protection keys
/// (in the database) are encrypted, and the connection takes a password and TLS checked against the trust store.
/// </summary>
public sealed class RedisTrustTests : IAsyncLifetime
{
    private const string BobMobile = "94770000002";
    private const string PasswordVariable = "PICKUP_TEST_REDIS_PASSWORD";

    private FakeVonageServer _vonage = null!;
    private TestHome _home = null!;

    public async Task InitializeAsync()
    {
        _vonage = await FakeVonageServer.StartAsync();
        _home = new TestHome(_vonage.SmsUrl(), TestInstallation.FreePort());
        await AdminAsync(null, "roles", "add", "driver", "--permission", "login");
        await AdminAsync("alex-password\n", "users", "add", "alex", "--password-stdin", "--role", "driver", "--claim", "http://wso2.org/claims/mobile=" + ScenarioTest.AlexMobile);
        await AdminAsync("bob-password\n", "users", "add", "bob", "--password-stdin", "--role", "driver", "--claim", "http://wso2.org/claims/mobile=" + BobMobile);
    }

    public async Task DisposeAsync()
    {
        await _vonage.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task AttemptChangedInRedis_IsTreatedAsAbsent_SoAlexsCodeCannotSignInAsBob()
    {
        await using var redis = await RedisServer.StartAsync();
        UseRedis(redis.Connection);
        await using var engine = await EngineProcess.StartAsync(_home);

        using var alex = new BrowserSession(engine.BaseUrl);
        var alexClient = new OidcTestClient(alex, _home.CallbackUrl);
        var codePage = await ScenarioTest.SignInAsync(alex, alexClient);
        Assert.Equal("/smsotpauthenticationendpoint/smsotp", codePage.RequestMessage!.RequestUri!.AbsolutePath);
        using var bob = new BrowserSession(engine.BaseUrl);
        var bobLogin = await ScenarioTest.OpenLoginPageAsync(bob, new OidcTestClient(bob, _home.CallbackUrl));
        var bobPage = await bob.FollowWithinAsync(await bob.SubmitAsync(bobLogin, new Dictionary<string, string> { ["username"] = "bob", ["password"] = "bob-password" }));
        Assert.Equal("/smsotpauthenticationendpoint/smsotp", bobPage.RequestMessage!.RequestUri!.AbsolutePath);
        var attempts = await LiveAttemptsAsync(redis);

        // Someone who can write to Redis puts Bob's account into the attempt Alex is finishing.
        var (alexKey, alexStored) = attempts["alex"];
        var bobJson = JsonNode.Parse(attempts["bob"].Stored[attempts["bob"].Stored.IndexOf('{', StringComparison.Ordinal)..])!;
        var json = alexStored.IndexOf('{', StringComparison.Ordinal);
        var forged = JsonNode.Parse(alexStored[json..])!;
        forged["UserId"] = bobJson["UserId"]!.GetValue<string>();
        forged["Username"] = "bob";
        await redis.CommandAsync("HSET", alexKey, "j", alexStored[..json] + forged.ToJsonString());

        await _vonage.WaitForMessageAsync(ScenarioTest.AlexMobile, TimeSpan.FromSeconds(10));
        var answer = await ScenarioTest.SubmitCodeAsync(alex, codePage, _vonage.LatestCode(ScenarioTest.AlexMobile));

        Assert.False(
            BrowserSession.IsRedirect(answer) && answer.Headers.Location!.ToString().StartsWith(_home.CallbackUrl + "?code=", StringComparison.Ordinal),
            "a forged attempt finished the login");
        Assert.Contains("failed its integrity check", engine.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(alexKey["pickup:attempt:".Length..], engine.Output, StringComparison.Ordinal);

        // Redis holds no Data Protection key: the ring lives in the database.
        Assert.DoesNotContain("dataprotection", await redis.CommandAsync("KEYS", "*"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataProtectionKeysInTheDatabase_AreEncrypted()
    {
        await using var engine = await EngineProcess.StartAsync(_home);
        using var browser = new BrowserSession(engine.BaseUrl);
        Assert.Equal(HttpStatusCode.OK, (await ScenarioTest.OpenLoginPageAsync(browser, new OidcTestClient(browser, _home.CallbackUrl))).StatusCode);

        var keyRing = (await ServerKeyRows.ReadSqliteAsync(_home)).Where(r => r.Name.StartsWith("dataprotection/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(keyRing);
        Assert.All(keyRing, r =>
        {
            Assert.Contains("<encryptedSecret", r.Material, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", r.Material, StringComparison.Ordinal);
        });
        Assert.False(Directory.Exists(_home.FilePath("data/keys/dataprotection")));
    }

    [Fact]
    public async Task RedisWithPassword_FromTheEnvironment_ServesLogins_AndAWrongOneStopsStartWithoutShowingIt()
    {
        const string Password = "redis-pass-7f3a9c";
        await using var redis = await RedisServer.StartAsync(Password);
        UseRedis(redis.Connection + ",password=${env:" + PasswordVariable + "}");

        await using (var engine = await EngineProcess.StartAsync(_home, new Dictionary<string, string> { [PasswordVariable] = Password }))
        {
            using var browser = new BrowserSession(engine.BaseUrl);
            var codePage = await ScenarioTest.SignInAsync(browser, new OidcTestClient(browser, _home.CallbackUrl));
            Assert.Equal("/smsotpauthenticationendpoint/smsotp", codePage.RequestMessage!.RequestUri!.AbsolutePath);
            Assert.NotEqual("0", (await redis.CommandAsync("DBSIZE")).Trim());
            Assert.DoesNotContain(Password, engine.Output, StringComparison.Ordinal);
        }

        const string Wrong = "wrong-pass-51c0de";
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            EngineProcess.StartAsync(_home, new Dictionary<string, string> { [PasswordVariable] = Wrong }));
        Assert.Contains("[session] store = \"redis\": could not connect to 127.0.0.1:", refused.Message, StringComparison.Ordinal);
        Assert.Contains("password=*****", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedisOverTls_IsRefusedUntilItsCaIsInTheTrustStore()
    {
        using var root = TestCertificates.CreateRoot("Pickup Test Redis CA");
        using var leaf = TestCertificates.CreateIssued(root, "redis.test");
        var directory = Directory.CreateTempSubdirectory("pickup-redis-tls-").FullName;
        try
        {
            var certificateFile = Path.Combine(directory, "redis.pem");
            var keyFile = Path.Combine(directory, "redis.key");
            var rootFile = Path.Combine(directory, "root.pem");
            await File.WriteAllTextAsync(certificateFile, leaf.ExportCertificatePem());
            await File.WriteAllTextAsync(keyFile, leaf.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
            await File.WriteAllTextAsync(rootFile, root.ExportCertificatePem());
            await using var redis = await RedisServer.StartTlsAsync(certificateFile, keyFile);
            UseRedis(redis.Connection);

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => EngineProcess.StartAsync(_home));
            Assert.Contains("[session] store = \"redis\": could not connect to", refused.Message, StringComparison.Ordinal);
            Assert.Contains("not trusted", refused.Message, StringComparison.Ordinal);
            Assert.Contains("truststore import", refused.Message, StringComparison.Ordinal);

            await AdminAsync(null, "truststore", "import", "--file", rootFile, "--alias", "redis-ca");
            await using var engine = await EngineProcess.StartAsync(_home);
            using var browser = new BrowserSession(engine.BaseUrl);
            var codePage = await ScenarioTest.SignInAsync(browser, new OidcTestClient(browser, _home.CallbackUrl));
            Assert.Equal("/smsotpauthenticationendpoint/smsotp", codePage.RequestMessage!.RequestUri!.AbsolutePath);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // Each user's current attempt (not the ones replaced after a step), with its Redis key and stored value.
    private static async Task<Dictionary<string, (string Key, string Stored)>> LiveAttemptsAsync(RedisServer redis)
    {
        var attempts = new Dictionary<string, (string Key, string Stored)>(StringComparer.Ordinal);
        foreach (var key in (await redis.CommandAsync("KEYS", "pickup:attempt:*")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var stored = (await redis.CommandAsync("HGET", key, "j")).TrimEnd('\n');
            var json = JsonNode.Parse(stored[stored.IndexOf('{', StringComparison.Ordinal)..])!;
            if (json["ReplacedBy"] is null && json["Username"]?.GetValue<string>() is { } username)
            {
                attempts[username] = (key, stored);
            }
        }

        return attempts;
    }

    private void UseRedis(string connection) =>
        _home.Write("conf/deployment.toml", TestHome.Deployment(_home.Port).Replace(
            "[security.sms_limits]",
            $"[session]\nstore = \"redis\"\nconnection = \"{connection}\"\n\n[security.sms_limits]",
            StringComparison.Ordinal));

    private async Task AdminAsync(string? stdin, params string[] args)
    {
        var result = await PickupCli.RunAsync(stdin, [.. args, "--home", _home.Directory]);
        Assert.True(result.ExitCode == 0, result.Stderr);
    }
}
