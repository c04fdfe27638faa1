using System.Net;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.ScaleOut;

/// <summary>
/// Single sign-on across two engine processes over one PostgreSQL and one Redis (the fixture of
/// <see cref="TwoNodesTests"/>): a session made on one node signs the browser in to another app on the other node.
/// </summary>
public sealed class TwoNodesSsoTests : IAsyncLifetime
{
    private const string BasicApp = "basic-app";
    private const string BasicCallback = "http://127.0.0.1:1/basic-app/callback";

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
        foreach (var (home, port) in new[] { (_homeA, portA), (_homeB, portB) })
        {
            home.Write("conf/deployment.toml", NodeDeployment(port, portA));
            home.Write($"conf/service-providers/{BasicApp}.toml", $$"""
                name = "{{BasicApp}}"
                [oidc]
                client_id = "{{BasicApp}}"
                client_secret = "{{TestHome.ClientSecret}}"
                callback_urls = ["{{BasicCallback}}"]
                [claims]
                subject_claim_uri = "http://wso2.org/claims/mobile"
                [[authentication.steps]]
                use_subject = true
                options = [{ authenticator = "basic" }]
                """);
        }

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
    public async Task SessionMadeOnNodeA_SignsTheBrowserInToAnotherAppOnNodeB_WithoutAPage()
    {
        var cookies = new CookieContainer();
        using var onA = new BrowserSession(_nodeA.BaseUrl, cookies);
        var dispatch = new OidcTestClient(onA, _homeA.CallbackUrl);
        var codePage = await ScenarioTest.SignInAsync(onA, dispatch);
        await _vonage.WaitForMessageAsync(ScenarioTest.AlexMobile, TimeSpan.FromSeconds(10));
        using var toDispatch = await ScenarioTest.SubmitCodeAsync(onA, codePage, _vonage.LatestCode(ScenarioTest.AlexMobile));
        var first = OidcTestClient.Payload((await dispatch.RedeemAsync(dispatch.CodeFrom(toDispatch))).GetProperty("id_token").GetString()!);

        using var onB = new BrowserSession(_nodeB.BaseUrl, cookies);
        var app = new OidcTestClient(onB, BasicCallback, BasicApp);
        using var toApp = await onB.FollowWithinAsync(await onB.GetAsync(app.AuthorizeUrl()));

        var second = OidcTestClient.Payload((await app.RedeemAsync(app.CodeFrom(toApp))).GetProperty("id_token").GetString()!);
        Assert.Equal(first.GetProperty("sid").GetString(), second.GetProperty("sid").GetString());
        Assert.Equal(ScenarioTest.AlexMobile, second.GetProperty("sub").GetString());
        Assert.Equal(first.GetProperty("auth_time").GetInt64(), second.GetProperty("auth_time").GetInt64());
        Assert.Single(_vonage.Messages);

        // Logging out through node B ends the session for node A too, even for a browser that kept the cookie.
        var kept = cookies.GetCookies(_nodeA.BaseUrl)["pickup.sso"]!.Value;
        using var logout = await onB.GetAsync("/oidc/logout");
        Assert.True(BrowserSession.IsRedirect(logout), $"logout answered {(int)logout.StatusCode}");
        cookies.Add(_nodeA.BaseUrl, new Cookie("pickup.sso", kept));
        using var again = await onA.FollowWithinAsync(await onA.GetAsync(new OidcTestClient(onA, BasicCallback, BasicApp).AuthorizeUrl()));
        Assert.Equal("/authenticationendpoint/login", again.RequestMessage!.RequestUri!.AbsolutePath);
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
            .Replace("[security.sms_limits]", $"[session]\nstore = \"redis\"\nconnection = \"{_redis.Connection}\"\n\n[security.sms_limits]", StringComparison.Ordinal);
}
