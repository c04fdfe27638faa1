using System.Net;
using System.Text.Json.Nodes;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;
using Pickup.IntegrationTests.Oidc;

namespace Pickup.IntegrationTests.ScaleOut;

/// <summary>
/// Authorization codes in Redis, shared by two engines over one PostgreSQL: a code issued by one node is redeemed on
/// the other, once only even when both nodes are asked at the same moment; a replay on the other node ends the tokens
/// of the first redemption; and an entry changed in Redis is refused.
/// </summary>
public sealed class TwoNodesCodeTests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;
    private RedisServer _redis = null!;
    private FakeVonageServer _vonage = null!;
    private TestHome _homeA = null!;
    private TestHome _homeB = null!;
    private EngineProcess _nodeA = null!;
    private EngineProcess _nodeB = null!;

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
        _nodeB = await EngineProcess.StartAsync(_homeB);
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await _vonage.DisposeAsync();
        await _redis.DisposeAsync();
        await _database.DisposeAsync();
        _homeA.Dispose();
        _homeB.Dispose();
    }

    [Fact]
    public async Task CodeIssuedOnNodeA_RedeemsOnNodeB_AndItsReplayOnNodeA_IsRefusedAndEndsTheRefreshToken()
    {
        using var onA = new BrowserSession(_nodeA.BaseUrl);
        using var onB = new BrowserSession(_nodeB.BaseUrl);
        var client = new OidcTestClient(onA, _homeA.CallbackUrl);
        var code = await CodeAsync(onA, client);
        Assert.NotEmpty(await EntryKeysAsync());

        var clientOnB = new OidcTestClient(onB, _homeA.CallbackUrl);
        var tokens = await clientOnB.RedeemWithVerifierAsync(client, code);
        Assert.Equal(ScenarioTest.AlexMobile, OidcTestClient.Payload(tokens.GetProperty("id_token").GetString()!).GetProperty("sub").GetString());

        var (status, _) = await client.TryRedeemAsync(code, null);
        Assert.Equal(400, status);
        var (refreshStatus, refreshBody) = await clientOnB.TryRefreshAsync(AuthorizationCodeStoreTests.RefreshToken(tokens));
        Assert.True(refreshStatus == 400, $"the refresh answered {refreshStatus}: {refreshBody}");
    }

    [Fact]
    public async Task TheSameCodeOnBothNodesAtOnce_ExactlyOneIsAnswered200()
    {
        for (var round = 0; round < 3; round++)
        {
            using var onA = new BrowserSession(_nodeA.BaseUrl);
            using var onB = new BrowserSession(_nodeB.BaseUrl);
            var client = new OidcTestClient(onA, _homeA.CallbackUrl);
            var clientOnB = new OidcTestClient(onB, _homeA.CallbackUrl);
            var code = await CodeAsync(onA, client);

            var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() =>
                i % 2 == 0 ? client.TryRedeemAsync(code, null) : clientOnB.TryRedeemAsync(code, client.Verifier))));

            Assert.True(answers.Count(a => a.Status == 200) == 1, string.Join(", ", answers.Select(a => $"{a.Status} {a.Body}")));
        }
    }

    [Fact]
    public async Task RedeemedCodeMadeValidAgainInRedis_IsRefused()
    {
        using var onA = new BrowserSession(_nodeA.BaseUrl);
        var client = new OidcTestClient(onA, _homeA.CallbackUrl);
        var code = await CodeAsync(onA, client);
        await client.RedeemAsync(code);

        // Someone who can write to Redis but lacks the server secret turns the redeemed entry back into a valid one.
        var key = Assert.Single(await EntryKeysAsync());
        var stored = (await _redis.CommandAsync("HGET", key, "j")).TrimEnd('\n');
        var separator = stored.IndexOf('.', StringComparison.Ordinal);
        var json = JsonNode.Parse(stored[(separator + 1)..])!;
        Assert.Equal("redeemed", json["Status"]!.GetValue<string>());
        json["Status"] = "valid";
        json["RedemptionDate"] = null;
        await _redis.CommandAsync("HSET", key, "j", stored[..(separator + 1)] + json.ToJsonString());

        using var onB = new BrowserSession(_nodeB.BaseUrl);
        var (status, body) = await new OidcTestClient(onB, _homeA.CallbackUrl).TryRedeemAsync(code, client.Verifier);
        Assert.True(status == 400, $"the token endpoint answered {status}: {body}");
    }

    [Fact]
    public async Task AnEntryCopiedOverAnotherInRedis_IsRefused_AndTheOriginalStillRedeems()
    {
        using var first = new BrowserSession(_nodeA.BaseUrl);
        var firstClient = new OidcTestClient(first, _homeA.CallbackUrl);
        var firstCode = await CodeAsync(first, firstClient);
        var firstKey = Assert.Single(await EntryKeysAsync());
        using var second = new BrowserSession(_nodeA.BaseUrl);
        var secondClient = new OidcTestClient(second, _homeA.CallbackUrl);
        var secondCode = await CodeAsync(second, secondClient);
        var secondKey = Assert.Single(await EntryKeysAsync(), k => k != firstKey);

        // The second code's entry now holds the first one's sealed value (and concurrency token).
        await _redis.CommandAsync("HSET", secondKey, "j", (await _redis.CommandAsync("HGET", firstKey, "j")).TrimEnd('\n'), "c", (await _redis.CommandAsync("HGET", firstKey, "c")).TrimEnd('\n'));

        var (status, _) = await secondClient.TryRedeemAsync(secondCode, null);
        Assert.Equal(400, status);
        Assert.Equal(HttpStatusCode.OK, await AuthorizationCodeStoreTests.UserInfoStatusAsync(first, await firstClient.RedeemAsync(firstCode)));
    }

    private async Task<string> CodeAsync(BrowserSession browser, OidcTestClient client)
    {
        var otpPage = await ScenarioTest.SignInAsync(browser, client);
        await _vonage.WaitForMessageAsync(ScenarioTest.AlexMobile, TimeSpan.FromSeconds(10));
        var toApp = await ScenarioTest.SubmitCodeAsync(browser, otpPage, _vonage.LatestCode(ScenarioTest.AlexMobile));
        return client.CodeFrom(toApp);
    }

    private async Task<string[]> EntryKeysAsync() =>
        (await _redis.CommandAsync("KEYS", "pickup:protocol:*")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

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
            .Replace("[security.sms_limits]", $"[session]\nstore = \"redis\"\nconnection = \"{_redis.Connection}\"\n\n[security.sms_limits]", StringComparison.Ordinal);
}
