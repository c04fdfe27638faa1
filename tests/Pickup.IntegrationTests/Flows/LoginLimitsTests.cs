using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Flows;

/// <summary>[security.login_limits]: per-address post rate, and the account lock-out shared by every factor.</summary>
public sealed partial class LoginLimitsTests : ScenarioTest
{
    [Fact]
    public async Task CommonAuth_MorePostsThanPerIpPerMinute_AreAnsweredWith429AndAFriendlyPage()
    {
        Home.Write("conf/deployment.toml", TestHome.Deployment(Home.Port).Replace("per_ip_per_minute = 0", "per_ip_per_minute = 3", StringComparison.Ordinal));
        await RestartEngineAsync();
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var login = await OpenLoginPageAsync(browser, client);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await browser.SubmitAsync(login, new Dictionary<string, string> { ["username"] = "alex", ["password"] = "wrong" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("60", response.Headers.RetryAfter?.ToString());
                Assert.Contains("role=\"alert\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        Assert.Equal([HttpStatusCode.SeeOther, HttpStatusCode.SeeOther, HttpStatusCode.SeeOther, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Password_FiveWrongTries_LockTheAccountEvenForTheRightPassword_UntilAnAdminUnlocks()
    {
        for (var i = 0; i < 5; i++)
        {
            using var browser = new BrowserSession(Engine.BaseUrl);
            var failed = await SignInAsync(browser, new OidcTestClient(browser, Home.CallbackUrl), password: "wrong-" + i);
            Assert.Contains("authFailureMsg=login.fail", failed.RequestMessage!.RequestUri!.Query, StringComparison.Ordinal);
        }

        using (var browser = new BrowserSession(Engine.BaseUrl))
        {
            var locked = await SignInAsync(browser, new OidcTestClient(browser, Home.CallbackUrl));
            Assert.Contains("authFailureMsg=user.account.locked", locked.RequestMessage!.RequestUri!.Query, StringComparison.Ordinal);
        }

        Assert.Empty(Vonage.Messages);
        var unlock = await PickupCli.RunAsync(null, "users", "unlock", "alex", "--home", Home.Directory);
        Assert.True(unlock.ExitCode == 0, unlock.Stderr);

        using (var browser = new BrowserSession(Engine.BaseUrl))
        {
            var codePage = await SignInAsync(browser, new OidcTestClient(browser, Home.CallbackUrl));
            Assert.Equal("/smsotpauthenticationendpoint/smsotp", codePage.RequestMessage!.RequestUri!.AbsolutePath);
        }
    }

    [Fact]
    public async Task Password_LockedAccountWrongPassword_LooksLikeAnyWrongPassword_OnlyTheRightOneIsToldLocked()
    {
        var wrongWhileOpen = await AnswerToAsync("alex", "wrong-0");
        for (var i = 1; i < 5; i++)
        {
            await AnswerToAsync("alex", "wrong-" + i.ToString(CultureInfo.InvariantCulture));
        }

        var wrongWhileLocked = await AnswerToAsync("alex", "wrong-5");
        var unknown = await AnswerToAsync("nobody", "wrong-6");

        Assert.Contains("authFailureMsg=login.fail", wrongWhileOpen, StringComparison.Ordinal);
        Assert.Equal(wrongWhileOpen, wrongWhileLocked);
        Assert.Equal(wrongWhileOpen, unknown);
        using var browser = new BrowserSession(Engine.BaseUrl);
        var locked = await SignInAsync(browser, new OidcTestClient(browser, Home.CallbackUrl));
        Assert.Contains("authFailureMsg=user.account.locked", locked.RequestMessage!.RequestUri!.Query, StringComparison.Ordinal);
        Assert.Empty(Vonage.Messages);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PerIpLimit_CountsTheForwardedAddress_OnlyWhenTheProxyIsTrusted(bool trusted)
    {
        var deployment = TestHome.Deployment(Home.Port).Replace("per_ip_per_minute = 0", "per_ip_per_minute = 2", StringComparison.Ordinal);
        if (trusted)
        {
            deployment = deployment.Replace("scheme = \"http\"", "scheme = \"http\"\ntrusted_proxies = [\"127.0.0.1\"]", StringComparison.Ordinal);
        }

        Home.Write("conf/deployment.toml", deployment);
        await RestartEngineAsync();
        using var browser = new BrowserSession(Engine.BaseUrl);
        var login = await OpenLoginPageAsync(browser, new OidcTestClient(browser, Home.CallbackUrl));

        async Task<HttpStatusCode> PostFromAsync(string address)
        {
            browser.Client.DefaultRequestHeaders.Remove("X-Forwarded-For");
            browser.Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
            using var response = await browser.SubmitAsync(login, new Dictionary<string, string> { ["username"] = "alex", ["password"] = "wrong" });
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.SeeOther, await PostFromAsync("203.0.113.5"));
        Assert.Equal(HttpStatusCode.SeeOther, await PostFromAsync("203.0.113.5"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await PostFromAsync("203.0.113.5"));

        // Another driver behind the same proxy: counted apart only when the proxy is trusted.
        Assert.Equal(trusted ? HttpStatusCode.SeeOther : HttpStatusCode.TooManyRequests, await PostFromAsync("203.0.113.9"));
    }

    // What a browser sees after posting the login form: the post's status and redirect, then the page it ends on,
    // with the values every attempt has of its own (its key, nonces) blanked out.
    private async Task<string> AnswerToAsync(string username, string password)
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var login = await OpenLoginPageAsync(browser, new OidcTestClient(browser, Home.CallbackUrl));
        using var posted = await browser.SubmitAsync(login, new Dictionary<string, string> { ["username"] = username, ["password"] = password });
        var location = posted.Headers.Location?.ToString();
        using var page = await browser.FollowWithinAsync(posted);
        var answer = $"{(int)posted.StatusCode} {location}\n{(int)page.StatusCode} {page.RequestMessage!.RequestUri}\n{await page.Content.ReadAsStringAsync()}";
        return PerAttemptValue().Replace(answer, "*");
    }

    [GeneratedRegex("[A-Za-z0-9_\\-]{16,}")]
    private static partial Regex PerAttemptValue();
}
