using System.Net;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.ScaleOut;

/// <summary>
/// Two engine processes on two loopback ports behind one issuer, over one PostgreSQL and one Redis: any node serves
/// any request of a login, a node can die mid-login, and no limit can be beaten by spreading attempts over nodes.
/// </summary>
public sealed class TwoNodesTests : IAsyncLifetime
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

        // The admin's steps, on the shared database, through the command line.
        await AdminAsync(null, "roles", "add", "driver", "--permission", "login");
        await AdminAsync("alex-password\n", "users", "add", "alex", "--password-stdin", "--role", "driver", "--claim", "http://wso2.org/claims/mobile=" + ScenarioTest.AlexMobile);

        // Nothing is copied between the homes: the keys live in the database, created by whichever node needs them first.
        _nodeA = await EngineProcess.StartAsync(_homeA);
        _nodeB = await EngineProcess.StartAsync(_homeB);
        Assert.False(Directory.Exists(_homeB.FilePath("data/keys")) && Directory.EnumerateFiles(_homeB.FilePath("data/keys"), "*", SearchOption.AllDirectories).Any());
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
    public async Task LoginStartedOnNodeA_CodeVerifiedOnNodeB_EvenAfterNodeADies()
    {
        var cookies = new CookieContainer();
        using var onA = new BrowserSession(_nodeA.BaseUrl, cookies);
        var client = new OidcTestClient(onA, _homeA.CallbackUrl);
        var codePageOnA = await ScenarioTest.SignInAsync(onA, client);
        Assert.Equal("/smsotpauthenticationendpoint/smsotp", codePageOnA.RequestMessage!.RequestUri!.AbsolutePath);
        await _vonage.WaitForMessageAsync(ScenarioTest.AlexMobile, TimeSpan.FromSeconds(10));

        await _nodeA.KillAsync();

        using var onB = new BrowserSession(_nodeB.BaseUrl, cookies);
        var codePageOnB = await onB.GetAsync(codePageOnA.RequestMessage.RequestUri.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, codePageOnB.StatusCode);
        var toApp = await ScenarioTest.SubmitCodeAsync(onB, codePageOnB, _vonage.LatestCode(ScenarioTest.AlexMobile));
        var tokens = await new OidcTestClient(onB, _homeA.CallbackUrl).RedeemWithVerifierAsync(client, client.CodeFrom(toApp));
        Assert.Equal(ScenarioTest.AlexMobile, OidcTestClient.Payload(tokens.GetProperty("id_token").GetString()!).GetProperty("sub").GetString());
    }

    [Fact]
    public async Task EveryStepOfALogin_OnTheOtherNodeThanTheStepBefore()
    {
        var cookies = new CookieContainer();
        using var onA = new BrowserSession(_nodeA.BaseUrl, cookies);
        using var onB = new BrowserSession(_nodeB.BaseUrl, cookies);
        var client = new OidcTestClient(onA, _homeA.CallbackUrl);

        // Authorize on A; its login page from B; the password posted to A; the code page from B; the code posted to A;
        // the resumed authorization on B; the code redeemed on A; userinfo and the refresh on B.
        var toLogin = await onA.GetAsync(client.AuthorizeUrl());
        var loginPage = await Hop(onB, toLogin);
        Assert.Equal("/authenticationendpoint/login", loginPage.RequestMessage!.RequestUri!.AbsolutePath);
        var toCodePage = await onA.SubmitAsync(loginPage, new Dictionary<string, string> { ["username"] = "alex", ["password"] = "alex-password" });
        var codePage = await Hop(onB, toCodePage);
        Assert.Equal("/smsotpauthenticationendpoint/smsotp", codePage.RequestMessage!.RequestUri!.AbsolutePath);
        await _vonage.WaitForMessageAsync(ScenarioTest.AlexMobile, TimeSpan.FromSeconds(10));
        var toResume = await onA.SubmitAsync(codePage, new Dictionary<string, string> { ["OTPcode"] = _vonage.LatestCode(ScenarioTest.AlexMobile) });
        Assert.Contains("sessionDataKey=", toResume.Headers.Location!.ToString(), StringComparison.Ordinal);
        var toApp = await Hop(onB, toResume);

        var tokens = await new OidcTestClient(onA, _homeA.CallbackUrl).RedeemWithVerifierAsync(client, client.CodeFrom(toApp));
        Assert.Equal(ScenarioTest.AlexMobile, OidcTestClient.Payload(tokens.GetProperty("id_token").GetString()!).GetProperty("sub").GetString());
        using var userInfo = new HttpRequestMessage(HttpMethod.Get, "/oauth2/userinfo");
        userInfo.Headers.Authorization = new("Bearer", tokens.GetProperty("access_token").GetString());
        using var claims = await onB.Client.SendAsync(userInfo);
        Assert.Equal(HttpStatusCode.OK, claims.StatusCode);
        var refreshed = await new OidcTestClient(onB, _homeA.CallbackUrl).RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        Assert.True(refreshed.TryGetProperty("access_token", out _));
    }

    // A redirect one node answered, followed on the other (as a balancer may send the browser's next request).
    private static Task<HttpResponseMessage> Hop(BrowserSession to, HttpResponseMessage redirect)
    {
        Assert.True(BrowserSession.IsRedirect(redirect), $"expected a redirect, got {(int)redirect.StatusCode}");
        var location = redirect.Headers.Location!;
        return to.GetAsync(location.IsAbsoluteUri ? location.PathAndQuery : location.ToString());
    }

    [Fact]
    public async Task WrongCodesAlternatingBetweenNodes_HitTheSameLimit()
    {
        var cookies = new CookieContainer();
        using var onA = new BrowserSession(_nodeA.BaseUrl, cookies);
        using var onB = new BrowserSession(_nodeB.BaseUrl, cookies);
        var codePage = await ScenarioTest.SignInAsync(onA, new OidcTestClient(onA, _homeA.CallbackUrl));
        await _vonage.WaitForMessageAsync(ScenarioTest.AlexMobile, TimeSpan.FromSeconds(10));
        var code = _vonage.LatestCode(ScenarioTest.AlexMobile);
        var wrong = code == "000000" ? "111111" : "000000";

        // The same form, posted to A and B in turn, as a load balancer might spread one browser's requests.
        var form = BrowserSession.FindForm(await codePage.Content.ReadAsStringAsync(), "OTPcode");
        var hidden = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => KeyValuePair.Create(i.GetAttribute("name")!, i.GetAttribute("value") ?? string.Empty))
            .ToList();
        var answers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var node = i % 2 == 0 ? onB : onA;
            using var answer = await node.Client.PostAsync("/commonauth", new FormUrlEncodedContent(hidden.Append(KeyValuePair.Create("OTPcode", wrong))));
            Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
            answers.Add(answer.Headers.Location!.ToString());
        }

        // Five wrong tries in all (three on B, two on A) used up the code and the account's allowance: the right
        // code no longer finishes the login on either node.
        Assert.All(answers.Take(4), a => Assert.Contains("authFailureMsg=code.mismatch", a, StringComparison.Ordinal));
        using var late = await onA.Client.PostAsync("/commonauth", new FormUrlEncodedContent(hidden.Append(KeyValuePair.Create("OTPcode", code))));
        Assert.Equal(HttpStatusCode.SeeOther, late.StatusCode);
        Assert.DoesNotContain("/oauth2/authorize", late.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataProtectionKeysInTheDatabase_AreEncrypted_AndServeBothNodes()
    {
        var cookies = new CookieContainer();
        using var onA = new BrowserSession(_nodeA.BaseUrl, cookies);
        using var onB = new BrowserSession(_nodeB.BaseUrl, cookies);
        var login = await ScenarioTest.OpenLoginPageAsync(onA, new OidcTestClient(onA, _homeA.CallbackUrl));

        // The form node A rendered (with its anti-forgery token) is posted to node B: B decrypts the key A made.
        var form = BrowserSession.FindForm(await login.Content.ReadAsStringAsync(), "username");
        var fields = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => KeyValuePair.Create(i.GetAttribute("name")!, i.GetAttribute("value") ?? string.Empty))
            .Append(KeyValuePair.Create("username", "alex"))
            .Append(KeyValuePair.Create("password", "alex-password"));
        using var posted = await onB.Client.PostAsync("/commonauth", new FormUrlEncodedContent(fields));
        var next = await onB.FollowWithinAsync(posted);
        Assert.Equal("/smsotpauthenticationendpoint/smsotp", next.RequestMessage!.RequestUri!.AbsolutePath);

        var keyRing = (await ServerKeyRows.ReadPostgresAsync(_database)).Where(r => r.Name.StartsWith("dataprotection/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(keyRing);
        Assert.All(keyRing, r => Assert.Contains("<encryptedSecret", r.Material, StringComparison.Ordinal));
        Assert.All(keyRing, r => Assert.DoesNotContain("<masterKey", r.Material, StringComparison.Ordinal));
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
