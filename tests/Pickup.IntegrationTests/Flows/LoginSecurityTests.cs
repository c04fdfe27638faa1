using System.Net;
using Pickup.IntegrationTests.Infrastructure;
using Pickup.Testing;

namespace Pickup.IntegrationTests.Flows;

/// <summary>What an attacker tries against the login pages and the authorization endpoint.</summary>
public sealed class LoginSecurityTests : ScenarioTest
{
    [Fact]
    public async Task CommonAuth_PostWithoutAntiforgeryToken_IsRefusedAndSendsNoCode()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var login = await OpenLoginPageAsync(browser, client);
        var key = BrowserSession.FindForm(await login.Content.ReadAsStringAsync(), "username")
            .QuerySelector("[name='sessionDataKey']")!.GetAttribute("value")!;

        using var forged = await browser.Client.PostAsync("/commonauth", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["sessionDataKey"] = key,
            ["username"] = "alex",
            ["password"] = "alex-password",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Empty(Vonage.Messages);
    }

    [Fact]
    public async Task CommonAuth_SessionDataKeyUsedFromAnotherBrowser_IsTreatedAsExpired()
    {
        using var victim = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(victim, Home.CallbackUrl);
        var login = await victim.FollowWithinAsync(await victim.GetAsync(client.AuthorizeUrl()));
        var pageUrl = login.RequestMessage!.RequestUri!.PathAndQuery;

        using var attacker = new BrowserSession(Engine.BaseUrl);
        var stolen = await attacker.GetAsync(pageUrl);
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.Contains("expired", await BrowserSession.TextAsync(stolen), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Authorize_UnregisteredRedirectUri_ShowsErrorWithoutRedirect()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);

        foreach (var uri in new[] { "http://evil.example/cb", Home.CallbackUrl + "/", Home.CallbackUrl + "?x=1", Home.CallbackUrl.ToUpperInvariant() })
        {
            using var response = await browser.GetAsync(client.AuthorizeUrl(redirectUri: uri));
            Assert.False(BrowserSession.IsRedirect(response), $"redirected for {uri}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task Authorize_CompletedAttemptReplayed_IssuesNoSecondCode()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var otpPage = await SignInAsync(browser, client);
        var resume = await browser.SubmitAsync(otpPage, new Dictionary<string, string> { ["OTPcode"] = await ReceivedCodeAsync() });
        var resumeUrl = resume.Headers.Location!;

        var first = await browser.GetAsync(resumeUrl.ToString());
        Assert.False(string.IsNullOrEmpty(client.CodeFrom(first)));
        var second = await browser.GetAsync(resumeUrl.ToString());
        Assert.False(BrowserSession.IsRedirect(second));
    }

    [Fact]
    public async Task Token_CodeRedeemedWithWrongVerifier_IsRefused()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var otpPage = await SignInAsync(browser, client);
        var toApp = await SubmitCodeAsync(browser, otpPage, await ReceivedCodeAsync());

        var (status, body) = await client.TryRedeemAsync(client.CodeFrom(toApp), "a-verifier-that-is-long-enough-but-is-not-the-right-one-at-all");
        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Authorize_PublicClientWithoutPkce_IsRefused()
    {
        Engine.Home.Write(
            "conf/service-providers/pickup-dispatch.toml",
            TestHome.ServiceProvider(Home.CallbackUrl, "http://127.0.0.1:1/pickup-dispatch/", secretLine: string.Empty));
        await RestartEngineAsync();

        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl, clientSecret: null);
        using var response = await browser.GetAsync(client.AuthorizeUrl(pkce: false));

        // Refused outright: no login page, no attempt started, and no redirect anywhere but the registered callback.
        var text = await BrowserSession.TextAsync(response);
        Assert.True(
            response.StatusCode == HttpStatusCode.BadRequest
            || (BrowserSession.IsRedirect(response) && response.Headers.Location!.ToString().StartsWith(Home.CallbackUrl + "?error=", StringComparison.Ordinal)),
            $"{(int)response.StatusCode} {response.Headers.Location} {text}");
        Assert.Contains("code_challenge", text + response.Headers.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndSession_RegisteredAndUnregisteredPostLogoutUris_RedirectOnlyToTheRegisteredOne()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        using var registered = await browser.GetAsync("/oidc/logout?client_id=pickup-dispatch&post_logout_redirect_uri=" + Uri.EscapeDataString("http://127.0.0.1:1/pickup-dispatch/"));
        Assert.True(BrowserSession.IsRedirect(registered));
        Assert.Equal("http://127.0.0.1:1/pickup-dispatch/", registered.Headers.Location!.ToString());

        using var unregistered = await browser.GetAsync("/oidc/logout?client_id=pickup-dispatch&post_logout_redirect_uri=" + Uri.EscapeDataString("http://evil.example/"));
        Assert.False(
            BrowserSession.IsRedirect(unregistered) && unregistered.Headers.Location!.ToString().Contains("evil", StringComparison.Ordinal),
            "redirected to an unregistered post-logout URI");
    }

    [Fact]
    public async Task CompletedStep_MovesTheAttemptToANewKey_AndTheOldKeyIsDead()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var login = await OpenLoginPageAsync(browser, client);
        var loginUrl = login.RequestMessage!.RequestUri!.PathAndQuery;

        var codePage = await browser.FollowWithinAsync(await browser.SubmitAsync(login, new Dictionary<string, string>
        {
            ["username"] = "alex",
            ["password"] = "alex-password",
        }));

        Assert.NotEqual(KeyOf(loginUrl), KeyOf(codePage.RequestMessage!.RequestUri!.PathAndQuery));
        using var old = await browser.GetAsync(loginUrl);
        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
        var toApp = await SubmitCodeAsync(browser, codePage, await ReceivedCodeAsync());
        Assert.False(string.IsNullOrEmpty(client.CodeFrom(toApp)));
    }

    [Fact]
    public async Task PasswordFormPostedTwiceAtOnce_BothLandOnTheSameCodePage_AndOneCodeIsSent()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var login = await OpenLoginPageAsync(browser, client);
        var html = await login.Content.ReadAsStringAsync();
        var form = BrowserSession.FindForm(html, "username");
        var fields = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => KeyValuePair.Create(i.GetAttribute("name")!, i.GetAttribute("value") ?? string.Empty))
            .Append(KeyValuePair.Create("username", "alex"))
            .Append(KeyValuePair.Create("password", "alex-password"))
            .ToList();

        var posts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => browser.Client.PostAsync("/commonauth", new FormUrlEncodedContent(fields))));

        Assert.All(posts, p => Assert.Equal(HttpStatusCode.SeeOther, p.StatusCode));
        Assert.Equal(posts[0].Headers.Location, posts[1].Headers.Location);
        Assert.StartsWith("/smsotpauthenticationendpoint/smsotp?", posts[0].Headers.Location!.ToString(), StringComparison.Ordinal);
        await ReceivedCodeAsync();
        await Task.Delay(300);
        Assert.Single(Vonage.Messages);
    }

    private static string KeyOf(string pathAndQuery) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + pathAndQuery).Query)["sessionDataKey"].ToString();
}
