using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Flows;

/// <summary>
/// The last step sends the browser back to <c>/oauth2/authorize</c> with the request it started with; the engine
/// accepts only that request (issue 9, item 4), and the browser-binding cookie is one the engine issued.
/// </summary>
public sealed class ResumeAuthorizationTests : ScenarioTest
{
    private const string OtherCallback = "http://127.0.0.1:1/pickup-dispatch/other-callback";

    [Theory]
    [InlineData("redirect_uri", OtherCallback)]
    [InlineData("state", "attacker-state")]
    [InlineData("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")]
    [InlineData("nonce", "attacker-nonce")]
    [InlineData("scope", "openid")]
    [InlineData("login_hint", "added")]
    public async Task Resume_WithASwappedParameter_IsRefused_AndTheCodeGoesOnlyToTheOriginalRequest(string name, string value)
    {
        // A second registered callback: swapping to it passes OpenIddict's own redirect_uri check.
        Home.Write("conf/service-providers/pickup-dispatch.toml", TestHome.ServiceProvider(Home.CallbackUrl, "http://127.0.0.1:1/pickup-dispatch/")
            .Replace($"callback_urls = [\"{Home.CallbackUrl}\"]", $"callback_urls = [\"{Home.CallbackUrl}\", \"{OtherCallback}\"]", StringComparison.Ordinal));
        await RestartEngineAsync();
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var codePage = await SignInAsync(browser, client);
        using var resume = await browser.SubmitAsync(codePage, new Dictionary<string, string> { ["OTPcode"] = await ReceivedCodeAsync() });
        var original = resume.Headers.Location!.ToString();
        Assert.StartsWith("/oauth2/authorize?", original, StringComparison.Ordinal);

        var query = QueryHelpers.ParseQuery(new Uri(Engine.BaseUrl, original).Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString(), StringComparer.Ordinal);
        query[name] = value;
        using var swapped = await browser.GetAsync(QueryHelpers.AddQueryString("/oauth2/authorize", query));

        Assert.False(BrowserSession.IsRedirect(swapped), $"a swapped {name} was redirected to {swapped.Headers.Location}");
        Assert.Equal(HttpStatusCode.BadRequest, swapped.StatusCode);

        using var toApp = await browser.GetAsync(original);
        var tokens = await client.RedeemAsync(client.CodeFrom(toApp));
        var idToken = OidcTestClient.Payload(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(client.Nonce, idToken.GetProperty("nonce").GetString());
    }

    [Fact]
    public async Task Authorize_PlantedBrowserCookie_IsReplacedByOneTheEngineIssued_AndTheLoginWorks()
    {
        var cookies = new CookieContainer();
        cookies.Add(Engine.BaseUrl, new Cookie("pickup.browser", "planted-by-attacker"));
        using var browser = new BrowserSession(Engine.BaseUrl, cookies);
        var client = new OidcTestClient(browser, Home.CallbackUrl);

        using var start = await browser.GetAsync(client.AuthorizeUrl());

        var binding = Assert.Single(start.Headers.GetValues("Set-Cookie"), c => c.StartsWith("pickup.browser=", StringComparison.Ordinal));
        Assert.DoesNotContain("planted-by-attacker", binding, StringComparison.Ordinal);
        Assert.NotEqual("planted-by-attacker", cookies.GetCookies(Engine.BaseUrl)["pickup.browser"]!.Value);

        var codePage = await browser.FollowWithinAsync(start);
        using var afterPassword = await browser.FollowWithinAsync(await browser.SubmitAsync(codePage, new Dictionary<string, string> { ["username"] = "alex", ["password"] = "alex-password" }));
        Assert.Equal("/smsotpauthenticationendpoint/smsotp", afterPassword.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Authorize_CookieTheEngineIssued_IsKept()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        using var first = await browser.GetAsync(client.AuthorizeUrl());
        var issued = browser.Cookies.GetCookies(Engine.BaseUrl)["pickup.browser"]!.Value;

        using var second = await browser.GetAsync(client.AuthorizeUrl());

        Assert.False(second.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith("pickup.browser=", StringComparison.Ordinal)));
        Assert.Equal(issued, browser.Cookies.GetCookies(Engine.BaseUrl)["pickup.browser"]!.Value);
    }
}
