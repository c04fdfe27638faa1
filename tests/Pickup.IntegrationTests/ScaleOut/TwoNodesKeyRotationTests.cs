using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.ScaleOut;

/// <summary>
/// Key rotation across engine processes on one PostgreSQL and one Redis, nothing copied between their homes: a
/// rotation reaches every node by itself, and a node started later serves the same keys.
/// </summary>
public sealed class TwoNodesKeyRotationTests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;
    private RedisServer _redis = null!;
    private FakeVonageServer _vonage = null!;
    private TestHome _homeA = null!;
    private TestHome _homeB = null!;
    private EngineProcess _nodeA = null!;
    private EngineProcess? _nodeB;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _redis = await RedisServer.StartAsync();
        _vonage = await FakeVonageServer.StartAsync();
        var portA = TestInstallation.FreePort();
        var portB = TestInstallation.FreePort();
        _homeA = new TestHome(_vonage.SmsUrl(), portA);
        _homeB = new TestHome(_vonage.SmsUrl(), portB);
        _homeA.Write("conf/deployment.toml", NodeDeployment(portA, portA));
        _homeB.Write("conf/deployment.toml", NodeDeployment(portB, portA));

        await AdminAsync(null, "roles", "add", "driver", "--permission", "login");
        await AdminAsync("alex-password\n", "users", "add", "alex", "--password-stdin", "--role", "driver", "--claim", "http://wso2.org/claims/mobile=" + ScenarioTest.AlexMobile);
        _nodeA = await EngineProcess.StartAsync(_homeA);
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        if (_nodeB is not null)
        {
            await _nodeB.DisposeAsync();
        }

        await _vonage.DisposeAsync();
        await _redis.DisposeAsync();
        await _database.DisposeAsync();
        _homeA.Dispose();
        _homeB.Dispose();
    }

    [Fact]
    public async Task TokenSignedByNodeA_BeforeARotation_ValidatesAgainstNodeBsJwks_AfterIt()
    {
        _nodeB = await EngineProcess.StartAsync(_homeB);
        var before = await KeyRotationSteps.LoginAsync(_nodeA.BaseUrl, _homeA, _vonage);
        var oldIdToken = before.GetProperty("id_token").GetString()!;
        var oldKid = KeyRotationSteps.KeyIdOf(oldIdToken);

        // An emergency rotation: the new key signs at once on every node once it has re-read the keys.
        var rotate = await PickupCli.RunAsync(null, "keys", "rotate", "--now", "--home", _homeB.Directory);
        Assert.True(rotate.ExitCode == 0, rotate.Stderr);
        Assert.Contains("--now", rotate.Stderr, StringComparison.Ordinal);

        string? newIdToken = null;
        Assert.True(
            await KeyRotationSteps.EventuallyAsync(
                async () => KeyRotationSteps.KeyIdOf(newIdToken = (await KeyRotationSteps.LoginAsync(_nodeA.BaseUrl, _homeA, _vonage)).GetProperty("id_token").GetString()!) != oldKid,
                TimeSpan.FromSeconds(15)),
            "node A did not start signing with the new key");

        string jwksOfB = string.Empty;
        Assert.True(
            await KeyRotationSteps.EventuallyAsync(async () => KeyRotationSteps.KeyIds(jwksOfB = await KeyRotationSteps.JwksAsync(_nodeB.BaseUrl)).Count == 2, TimeSpan.FromSeconds(10)),
            "node B did not publish the new key");
        Assert.Contains(KeyRotationSteps.KeyIdOf(newIdToken!), KeyRotationSteps.KeyIds(jwksOfB));
        Assert.True(await KeyRotationSteps.ValidatesAsync(oldIdToken, jwksOfB, _homeA.BaseUrl), "the token signed before the rotation does not validate against node B's JWKS");
        Assert.True(await KeyRotationSteps.ValidatesAsync(newIdToken!, jwksOfB, _homeA.BaseUrl));

        // Node B reads back what node A made before the rotation.
        using var onB = new BrowserSession(_nodeB.BaseUrl);
        await new OidcTestClient(onB, _homeA.CallbackUrl).RefreshAsync(before.GetProperty("refresh_token").GetString()!);
    }

    [Fact]
    public async Task NodeAddedAfterARotation_ServesTheSameJwks_AndAcceptsNodeAsTokens_NothingCopied()
    {
        var before = await KeyRotationSteps.LoginAsync(_nodeA.BaseUrl, _homeA, _vonage);
        var rotate = await PickupCli.RunAsync(null, "keys", "rotate", "--home", _homeA.Directory);
        Assert.True(rotate.ExitCode == 0, rotate.Stderr);
        string jwksOfA = string.Empty;
        Assert.True(
            await KeyRotationSteps.EventuallyAsync(async () => KeyRotationSteps.KeyIds(jwksOfA = await KeyRotationSteps.JwksAsync(_nodeA.BaseUrl)).Count == 2, TimeSpan.FromSeconds(10)),
            "node A did not publish the new key");

        // A node added later, from its own home: nothing in it but conf/.
        _nodeB = await EngineProcess.StartAsync(_homeB);
        Assert.False(Directory.Exists(_homeB.FilePath("data/keys")));
        var jwksOfB = await KeyRotationSteps.JwksAsync(_nodeB.BaseUrl);
        Assert.Equal(KeyRotationSteps.KeyIds(jwksOfA).Order(StringComparer.Ordinal), KeyRotationSteps.KeyIds(jwksOfB).Order(StringComparer.Ordinal));
        Assert.True(await KeyRotationSteps.ValidatesAsync(before.GetProperty("id_token").GetString()!, jwksOfB, _homeA.BaseUrl));

        // Both sign with the same (first) key until the new one activates, and B accepts A's tokens.
        var onB = await KeyRotationSteps.LoginAsync(_nodeB.BaseUrl, _homeA, _vonage);
        Assert.Equal(KeyRotationSteps.KeyIdOf(before.GetProperty("id_token").GetString()!), KeyRotationSteps.KeyIdOf(onB.GetProperty("id_token").GetString()!));
        using var browserOnB = new BrowserSession(_nodeB.BaseUrl);
        await new OidcTestClient(browserOnB, _homeA.CallbackUrl).RefreshAsync(before.GetProperty("refresh_token").GetString()!);

        var list = await PickupCli.RunAsync(null, "keys", "list", "--home", _homeB.Directory);
        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Contains("oidc-signing.2", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", list.Stdout, StringComparison.Ordinal);
    }

    private async Task AdminAsync(string? stdin, params string[] args)
    {
        var result = await PickupCli.RunAsync(stdin, [.. args, "--home", _homeA.Directory]);
        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    private string NodeDeployment(int port, int issuerPort) =>
        TestHome.Deployment(port)
            .Replace("scheme = \"http\"", $"scheme = \"http\"\npublic_url = \"http://127.0.0.1:{issuerPort}/\"", StringComparison.Ordinal)
            .Replace("type = \"sqlite\"", "type = \"postgres\"", StringComparison.Ordinal)
            .Replace("connection = \"Data Source=data/pickup.db\"", $"connection = \"{_database.Connection}\"", StringComparison.Ordinal)
            .Replace("[security.sms_limits]", $"[session]\nstore = \"redis\"\nconnection = \"{_redis.Connection}\"\n\n[oidc]\nkey_reload_seconds = 1\n\n[security.sms_limits]", StringComparison.Ordinal);
}
