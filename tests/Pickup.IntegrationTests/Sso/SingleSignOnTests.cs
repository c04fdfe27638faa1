using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pickup.Data;
using Pickup.Data.Users;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Sso;

/// <summary>
/// Single sign-on in the real engine: Alex signs in to Pickup Dispatch (password and SMS), then the same browser asks
/// again, for the same or other apps, with and without the OpenID Connect parameters that force or forbid a page.
/// </summary>
public sealed class SingleSignOnTests : ScenarioTest
{
    private const string BasicApp = "basic-app";
    private const string TotpApp = "totp-app";
    private const string BasicCallback = "http://127.0.0.1:1/basic-app/callback";
    private const string TotpCallback = "http://127.0.0.1:1/totp-app/callback";

    private readonly OffsetClock _clock = new();

    // Two more apps (one asking only for the password, one for the password and an authenticator app), on a clock
    // the test moves.
    private async Task PrepareAsync(string session = "")
    {
        Home.Append("conf/deployment.toml", $"\n[authentication.authenticator.totp]\nname = \"TOTP\"\nenable = true\n{session}");
        Home.Write($"conf/service-providers/{BasicApp}.toml", App(BasicApp, BasicCallback, """
            [[authentication.steps]]
            use_subject = true
            options = [{ authenticator = "basic" }]
            """));
        Home.Write($"conf/service-providers/{TotpApp}.toml", App(TotpApp, TotpCallback, """
            [[authentication.steps]]
            use_subject = true
            options = [{ authenticator = "basic" }]
            [[authentication.steps]]
            options = [{ authenticator = "totp" }]
            """));
        await RestartEngineAsync(services => services.AddSingleton<TimeProvider>(_clock));
    }

    private static string App(string name, string callback, string steps) => $"""
        name = "{name}"
        [oidc]
        client_id = "{name}"
        client_secret = "{TestHome.ClientSecret}"
        callback_urls = ["{callback}"]
        post_logout_redirect_urls = ["http://127.0.0.1:1/{name}/"]
        [claims]
        subject_claim_uri = "http://wso2.org/claims/mobile"
        {steps}
        """;

    // Password and SMS code in Pickup Dispatch: the ID token's payload.
    private async Task<JsonElement> FullLoginAsync(BrowserSession browser)
    {
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var sent = Vonage.Messages.Count;
        var codePage = await SignInAsync(browser, client);
        using var toApp = await SubmitCodeAsync(browser, codePage, await NewCodeAsync(sent));
        return await IdTokenAsync(client, toApp);
    }

    // The code of the first SMS after the <paramref name="sent"/> already delivered.
    private async Task<string> NewCodeAsync(int sent)
    {
        for (var i = 0; i < 100 && Vonage.Messages.Count <= sent; i++)
        {
            await Task.Delay(100);
        }

        Assert.True(Vonage.Messages.Count > sent, "no new SMS was sent");
        return Vonage.LatestCode(AlexMobile);
    }

    private static async Task<JsonElement> IdTokenAsync(OidcTestClient client, HttpResponseMessage toApp)
    {
        var tokens = await client.RedeemAsync(client.CodeFrom(toApp));
        return OidcTestClient.Payload(tokens.GetProperty("id_token").GetString()!);
    }

    private static async Task<HttpResponseMessage> AuthorizeAsync(BrowserSession browser, OidcTestClient client, string extra = "") =>
        await browser.FollowWithinAsync(await browser.GetAsync(client.AuthorizeUrl() + extra));

    private static string[] Amr(JsonElement idToken) => [.. idToken.GetProperty("amr").EnumerateArray().Select(e => e.GetString()!).Order()];

    private static string PathOf(HttpResponseMessage page) => page.RequestMessage!.RequestUri!.AbsolutePath;

    [Fact]
    public async Task SecondAuthorize_SameBrowser_GetsACodeWithoutAPage_AndTheIdTokenNamesTheSession()
    {
        await PrepareAsync();
        using var browser = new BrowserSession(Engine.BaseUrl);
        var first = await FullLoginAsync(browser);
        Assert.Equal(["mfa", "pwd", "sms"], Amr(first));
        var sid = first.GetProperty("sid").GetString();
        Assert.False(string.IsNullOrEmpty(sid));
        Assert.NotNull(browser.Cookies.GetCookies(Engine.BaseUrl)["pickup.sso"]);
        _clock.Advance(TimeSpan.FromMinutes(5));

        var again = new OidcTestClient(browser, Home.CallbackUrl);
        using var toApp = await AuthorizeAsync(browser, again);

        var second = await IdTokenAsync(again, toApp);
        Assert.Equal(sid, second.GetProperty("sid").GetString());
        Assert.Equal(["mfa", "pwd", "sms"], Amr(second));
        Assert.Equal(first.GetProperty("auth_time").GetInt64(), second.GetProperty("auth_time").GetInt64());
        Assert.Equal(first.GetProperty("sub").GetString(), second.GetProperty("sub").GetString());
        Assert.Single(Vonage.Messages);
    }

    [Fact]
    public async Task AnotherBrowser_GetsTheLoginPage()
    {
        await PrepareAsync();
        using var browser = new BrowserSession(Engine.BaseUrl);
        await FullLoginAsync(browser);

        using var other = new BrowserSession(Engine.BaseUrl);
        using var page = await AuthorizeAsync(other, new OidcTestClient(other, Home.CallbackUrl));

        Assert.Equal("/authenticationendpoint/login", PathOf(page));
    }

    [Fact]
    public async Task BasicOnlyApp_AfterAFullLogin_GoesStraightBack()
    {
        await PrepareAsync();
        using var browser = new BrowserSession(Engine.BaseUrl);
        var first = await FullLoginAsync(browser);

        var app = new OidcTestClient(browser, BasicCallback, BasicApp);
        using var toApp = await AuthorizeAsync(browser, app);

        var idToken = await IdTokenAsync(app, toApp);
        Assert.Equal(first.GetProperty("sid").GetString(), idToken.GetProperty("sid").GetString());
        Assert.Equal(BasicApp, idToken.GetProperty("aud").GetString());
    }

    [Fact]
    public async Task TotpApp_AfterPasswordAndCode_RunsOnlyTheAuthenticatorAppStep()
    {
        await PrepareAsync();
        using var browser = new BrowserSession(Engine.BaseUrl);
        await FullLoginAsync(browser);

        using var page = await AuthorizeAsync(browser, new OidcTestClient(browser, TotpCallback, TotpApp));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("/totpauthenticationendpoint/", PathOf(page), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("&prompt=login")]
    [InlineData("&max_age=0")]
    public async Task PromptLoginOrMaxAgeZero_RunsEveryStepAgain_InTheSameSession(string extra)
    {
        await PrepareAsync();
        using var browser = new BrowserSession(Engine.BaseUrl);
        var first = await FullLoginAsync(browser);
        _clock.Advance(TimeSpan.FromMinutes(2));

        var again = new OidcTestClient(browser, Home.CallbackUrl);
        using var login = await AuthorizeAsync(browser, again, extra);
        Assert.Equal("/authenticationendpoint/login", PathOf(login));
        using var codePage = await browser.FollowWithinAsync(await browser.SubmitAsync(login, new Dictionary<string, string> { ["username"] = "alex", ["password"] = "alex-password" }));
        using var toApp = await SubmitCodeAsync(browser, codePage, await NewCodeAsync(1));

        var second = await IdTokenAsync(again, toApp);
        Assert.Equal(first.GetProperty("sid").GetString(), second.GetProperty("sid").GetString());
        Assert.True(second.GetProperty("auth_time").GetInt64() >= first.GetProperty("auth_time").GetInt64() + 100);
    }

    [Fact]
    public async Task MaxAge_ShorterThanSinceTheLogin_AsksAgain_LongerDoesNot()
    {
        await PrepareAsync();
        using var browser = new BrowserSession(Engine.BaseUrl);
        await FullLoginAsync(browser);
        _clock.Advance(TimeSpan.FromMinutes(10));

        using var within = await AuthorizeAsync(browser, new OidcTestClient(browser, BasicCallback, BasicApp), "&max_age=3600");
        Assert.StartsWith(BasicCallback, within.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var beyond = await AuthorizeAsync(browser, new OidcTestClient(browser, BasicCallback, BasicApp), "&max_age=300");
        Assert.Equal("/authenticationendpoint/login", PathOf(beyond));
    }

    [Fact]
    public async Task PromptNone_WithoutASession_AnswersLoginRequiredToTheApp_AndWithOneACode()
    {
        await PrepareAsync();
        using var browser = new BrowserSession(Engine.BaseUrl);
        var silent = new OidcTestClient(browser, Home.CallbackUrl);
        using var refused = await AuthorizeAsync(browser, silent, "&prompt=none");
        Assert.Equal("login_required", ErrorAt(refused, Home.CallbackUrl));

        await FullLoginAsync(browser);
        var again = new OidcTestClient(browser, Home.CallbackUrl);
        using var toApp = await AuthorizeAsync(browser, again, "&prompt=none");
        await IdTokenAsync(again, toApp);

        // A step the session has not proven would need a page: refused without one.
        using var needsTotp = await AuthorizeAsync(browser, new OidcTestClient(browser, TotpCallback, TotpApp), "&prompt=none");
        Assert.Equal("login_required", ErrorAt(needsTotp, TotpCallback));
    }

    [Fact]
    public async Task Session_UnusedPastTheIdleTimeout_OrPastItsEnd_AsksForTheLoginAgain()
    {
        await PrepareAsync("\n[session]\nsso_idle_seconds = 600\nsso_max_seconds = 1500\n");
        using var browser = new BrowserSession(Engine.BaseUrl);
        await FullLoginAsync(browser);

        // Used within the idle timeout, twice: alive.
        for (var i = 0; i < 2; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(590));
            using var toApp = await AuthorizeAsync(browser, new OidcTestClient(browser, BasicCallback, BasicApp));
            Assert.StartsWith(BasicCallback, toApp.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        // Past sso_max_seconds though used a moment ago.
        _clock.Advance(TimeSpan.FromSeconds(400));
        using var ended = await AuthorizeAsync(browser, new OidcTestClient(browser, BasicCallback, BasicApp));
        Assert.Equal("/authenticationendpoint/login", PathOf(ended));

        // A new login, then idle for longer than sso_idle_seconds.
        await FullLoginAsync(browser);
        _clock.Advance(TimeSpan.FromSeconds(601));
        using var idle = await AuthorizeAsync(browser, new OidcTestClient(browser, BasicCallback, BasicApp));
        Assert.Equal("/authenticationendpoint/login", PathOf(idle));
    }

    [Fact]
    public async Task Logout_EndsTheSession_ForEveryApp()
    {
        await PrepareAsync();
        using var browser = new BrowserSession(Engine.BaseUrl);
        await FullLoginAsync(browser);

        using var logout = await browser.GetAsync("/oidc/logout");
        Assert.True(BrowserSession.IsRedirect(logout), $"logout answered {(int)logout.StatusCode}");
        await using (var scope = Engine.App.Services.CreateAsyncScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<PickupDbContext>().SsoSessions.CountAsync());
        }

        using var page = await AuthorizeAsync(browser, new OidcTestClient(browser, BasicCallback, BasicApp));
        Assert.Equal("/authenticationendpoint/login", PathOf(page));
    }

    [Fact]
    public async Task LockedUser_SessionIsRefused_AndEnded()
    {
        await PrepareAsync();
        using var browser = new BrowserSession(Engine.BaseUrl);
        await FullLoginAsync(browser);
        await using (var scope = Engine.App.Services.CreateAsyncScope())
        {
            var alex = await scope.ServiceProvider.GetRequiredService<UserAdministration>().FindAsync("alex", CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<PickupDbContext>();
            await db.Users.Where(u => u.Id == alex!.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutUntil, _clock.GetUtcNow().AddHours(1)));
        }

        using var page = await AuthorizeAsync(browser, new OidcTestClient(browser, BasicCallback, BasicApp));

        Assert.Equal("/authenticationendpoint/login", PathOf(page));
        await using var after = Engine.App.Services.CreateAsyncScope();
        Assert.Equal(0, await after.ServiceProvider.GetRequiredService<PickupDbContext>().SsoSessions.CountAsync());
    }

    [Fact]
    public async Task ForgedCookies_TheStoredHashOrAnUnissuedValue_GetNothing()
    {
        await PrepareAsync();
        using var browser = new BrowserSession(Engine.BaseUrl);
        await FullLoginAsync(browser);
        string hash;
        await using (var scope = Engine.App.Services.CreateAsyncScope())
        {
            hash = (await scope.ServiceProvider.GetRequiredService<PickupDbContext>().SsoSessions.SingleAsync()).SecretHash;
        }

        foreach (var forged in new[] { hash, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })
        {
            var cookies = new CookieContainer();
            cookies.Add(Engine.BaseUrl, new Cookie("pickup.sso", forged));
            using var attacker = new BrowserSession(Engine.BaseUrl, cookies);
            using var page = await AuthorizeAsync(attacker, new OidcTestClient(attacker, BasicCallback, BasicApp), "&prompt=none");
            Assert.Equal("login_required", ErrorAt(page, BasicCallback));
        }
    }

    [Fact]
    public async Task AnotherUserSigningInWithPromptLogin_GetsTheirOwnSession_AndTheFirstEnds()
    {
        await PrepareAsync();
        await Engine.AddDriverAsync("blake", "blake-password", "94771111111");
        using var browser = new BrowserSession(Engine.BaseUrl);
        var alex = await FullLoginAsync(browser);

        var app = new OidcTestClient(browser, BasicCallback, BasicApp);
        using var login = await AuthorizeAsync(browser, app, "&prompt=login");
        using var toApp = await browser.FollowWithinAsync(await browser.SubmitAsync(login, new Dictionary<string, string> { ["username"] = "blake", ["password"] = "blake-password" }));
        var blake = await IdTokenAsync(app, toApp);

        Assert.Equal("94771111111", blake.GetProperty("sub").GetString());
        Assert.NotEqual(alex.GetProperty("sid").GetString(), blake.GetProperty("sid").GetString());
        Assert.Equal(["pwd"], Amr(blake));

        // The browser's session is now Blake's: Pickup Dispatch (password and SMS) gets his login page for the SMS
        // step, never Alex's code.
        using var dispatch = await AuthorizeAsync(browser, new OidcTestClient(browser, Home.CallbackUrl));
        Assert.DoesNotContain("/oauth2client", dispatch.RequestMessage!.RequestUri!.ToString(), StringComparison.Ordinal);
        await using var scope = Engine.App.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<PickupDbContext>().SsoSessions.CountAsync());
    }

    [Fact]
    public async Task SessionsCommands_ListAndRevoke()
    {
        await PrepareAsync();
        using var browser = new BrowserSession(Engine.BaseUrl);
        var idToken = await FullLoginAsync(browser);
        var sid = idToken.GetProperty("sid").GetString()!;

        var (listExit, list, listErrors) = await PickupCli.RunAsync(null, "--home", Home.Directory, "sessions", "list", "alex");
        Assert.True(listExit == 0, listErrors);
        Assert.Contains(sid, list, StringComparison.Ordinal);
        Assert.Contains("1 valid token family", list, StringComparison.Ordinal);
        Assert.Contains("pickup-dispatch", list, StringComparison.Ordinal);

        var (revokeExit, revoke, revokeErrors) = await PickupCli.RunAsync(null, "--home", Home.Directory, "sessions", "revoke", "alex");
        Assert.True(revokeExit == 0, revokeErrors);
        Assert.Contains($"Ended session {sid}", revoke, StringComparison.Ordinal);
        Assert.Contains("Revoked 1 single sign-on session and 1 token family of 'alex'.", revoke, StringComparison.Ordinal);

        using var page = await AuthorizeAsync(browser, new OidcTestClient(browser, BasicCallback, BasicApp));
        Assert.Equal("/authenticationendpoint/login", PathOf(page));
        var (_, empty, _) = await PickupCli.RunAsync(null, "--home", Home.Directory, "sessions", "list");
        Assert.Contains("No single sign-on sessions.", empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginHint_FillsTheUsername_Escaped_AndSignsNobodyIn()
    {
        await PrepareAsync();
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, BasicCallback, BasicApp);

        using var page = await AuthorizeAsync(browser, client, "&login_hint=" + Uri.EscapeDataString("alex\"><b>x</b>"));

        Assert.Equal("/authenticationendpoint/login", PathOf(page));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("value=\"alex&quot;&gt;&lt;b&gt;x&lt;/b&gt;\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>x</b>", html, StringComparison.Ordinal);

        // The hint alone is no login: a wrong password still fails.
        using var refused = await browser.FollowWithinAsync(await browser.SubmitAsync(page, new Dictionary<string, string> { ["username"] = "alex", ["password"] = "wrong" }));
        Assert.Equal("/authenticationendpoint/login", PathOf(refused));

        using var tooLong = await AuthorizeAsync(browser, new OidcTestClient(browser, BasicCallback, BasicApp), "&login_hint=" + new string('a', 300));
        Assert.Equal("/authenticationendpoint/login", PathOf(tooLong));
        Assert.DoesNotContain(new string('a', 300), await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // The error a redirect to the app carries (prompt=none must never show a page).
    private static string ErrorAt(HttpResponseMessage response, string callback)
    {
        Assert.True(BrowserSession.IsRedirect(response), $"expected a redirect to the app, got {(int)response.StatusCode} at {response.RequestMessage?.RequestUri}");
        var location = response.Headers.Location!;
        Assert.StartsWith(callback, location.ToString(), StringComparison.Ordinal);
        return QueryHelpers.ParseQuery(location.Query)["error"].ToString();
    }
}
