using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Pickup.IntegrationTests.Security;

/// <summary>
/// Full runs through the real engine, successful and failing, with every log line of every category captured
/// (framework and debug lines included): no password, code, API secret, client secret, sessionDataKey,
/// authorization code or token may appear in any of them, and no code or password in any page or redirect.
/// </summary>
[Collection(SecuritySuite.Name)]
public sealed partial class SecretsInLogsTests(ITestOutputHelper output)
{
    private const string WrongPassword = "typo-of-alex-password-Vq9!";

    [Fact]
    public async Task FullRuns_SuccessAndEveryFailurePath_NoSecretInLogsPagesOrRedirects()
    {
        await using var world = await SecurityWorld.StartAsync(traceLogs: true);
        var secrets = new SecretScanner();
        var browsers = new List<RecordingBrowser>();

        // Success, all the way to tokens, userinfo, a refresh and the logout.
        var success = NewBrowser(world, browsers);
        var client = new OidcTestClient(success.Session, world.Home.CallbackUrl);
        var codePage = await SignInAsync(success, client, SecurityWorld.AlexPassword);
        var toApp = await success.SubmitAsync(codePage, new Dictionary<string, string> { ["OTPcode"] = await CodeAsync(world) });
        var authorizationCode = client.CodeFrom(toApp);
        var tokens = await client.RedeemAsync(authorizationCode);
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        var idToken = tokens.GetProperty("id_token").GetString()!;
        using (var userinfo = new HttpRequestMessage(HttpMethod.Get, "/oauth2/userinfo"))
        {
            userinfo.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            Assert.True((await success.SendAsync(userinfo)).IsSuccessStatusCode);
        }

        var refreshed = await client.RefreshAsync(refreshToken);
        await success.GetAsync($"/oidc/logout?id_token_hint={idToken}&post_logout_redirect_uri={Uri.EscapeDataString("http://127.0.0.1:1/pickup-dispatch/")}");
        secrets.Add("authorization code", authorizationCode);
        secrets.Add("access token", accessToken);
        secrets.Add("refresh token", refreshToken);
        secrets.Add("id token", idToken);
        secrets.Add("refreshed access token", refreshed.GetProperty("access_token").GetString());
        secrets.Add("refreshed refresh token", refreshed.GetProperty("refresh_token").GetString());

        // Wrong password, then the right one; a wrong code, then the right one.
        var wrong = NewBrowser(world, browsers);
        var wrongClient = new OidcTestClient(wrong.Session, world.Home.CallbackUrl);
        var retry = await SignInAsync(wrong, wrongClient, WrongPassword);
        Assert.Contains("/authenticationendpoint/login", retry.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
        var wrongCodePage = await wrong.SubmitAsync(retry, new Dictionary<string, string> { ["username"] = "alex", ["password"] = SecurityWorld.AlexPassword });
        var goodCode = await CodeAsync(world);
        var afterWrongCode = await wrong.SubmitAsync(wrongCodePage, new Dictionary<string, string> { ["OTPcode"] = OtherCode(goodCode) });
        Assert.Contains("code.mismatch", afterWrongCode.RequestMessage!.RequestUri!.Query, StringComparison.Ordinal);
        Assert.StartsWith(world.Home.CallbackUrl, (await wrong.SubmitAsync(afterWrongCode, new Dictionary<string, string> { ["OTPcode"] = goodCode })).Headers.Location!.ToString(), StringComparison.Ordinal);

        // A resend (after the cool-down), the old code refused, the new one accepted.
        var resend = NewBrowser(world, browsers);
        var resendPage = await SignInAsync(resend, new OidcTestClient(resend.Session, world.Home.CallbackUrl), SecurityWorld.AlexPassword);
        var oldCode = await CodeAsync(world);
        var messagesBefore = world.Vonage.Messages.Count;
        world.Clock.Advance(TimeSpan.FromSeconds(31));
        var resentPage = await resend.SubmitAsync(resendPage, new Dictionary<string, string> { ["resendCode"] = "true", ["OTPcode"] = string.Empty });
        Assert.True(world.Vonage.Messages.Count > messagesBefore, "no new code was sent on resend");
        var newCode = await CodeAsync(world);
        var oldRefused = await resend.SubmitAsync(resentPage, new Dictionary<string, string> { ["OTPcode"] = oldCode });
        Assert.False(BrowserSession.IsRedirect(oldRefused), "the old code was accepted after a resend");
        await resend.SubmitAsync(oldRefused, new Dictionary<string, string> { ["OTPcode"] = newCode });

        // An expired code.
        var expired = NewBrowser(world, browsers);
        var expiringPage = await SignInAsync(expired, new OidcTestClient(expired.Session, world.Home.CallbackUrl), SecurityWorld.AlexPassword);
        var expiringCode = await CodeAsync(world);
        world.Clock.Advance(TimeSpan.FromSeconds(301));
        var expiredAnswer = await expired.SubmitAsync(expiringPage, new Dictionary<string, string> { ["OTPcode"] = expiringCode });
        Assert.Contains("token.expired", expiredAnswer.RequestMessage!.RequestUri!.Query, StringComparison.Ordinal);

        // The provider refusing the message, then failing outright: the codes it was asked to send are secrets too.
        foreach (var behavior in (FakeVonageBehavior[])[FakeVonageBehavior.Reject("9", "Partner quota exceeded"), FakeVonageBehavior.HttpError(500)])
        {
            world.Vonage.RespondWith(behavior.RequireCredentials(SecurityWorld.ApiKey, SecurityWorld.ApiSecret));
            var failing = NewBrowser(world, browsers);
            var errorPage = await SignInAsync(failing, new OidcTestClient(failing.Session, world.Home.CallbackUrl), SecurityWorld.AlexPassword);
            Assert.Contains("unable.send.code", errorPage.RequestMessage!.RequestUri!.Query, StringComparison.Ordinal);
        }

        world.Vonage.RespondWith(FakeVonageBehavior.Accept().RequireCredentials(SecurityWorld.ApiKey, SecurityWorld.ApiSecret));

        // Every code the engine produced: the texts of every request the provider received, delivered or not.
        var codes = world.Vonage.Requests.Select(r => SixDigits().Match(r.Text)).Where(m => m.Success).Select(m => m.Value).Distinct().ToList();
        Assert.True(codes.Count >= 7, $"expected a code per send, got {codes.Count}");
        foreach (var code in codes)
        {
            secrets.Add("OTP code", code);
        }

        var pageSecrets = new SecretScanner();
        foreach (var scanner in (SecretScanner[])[secrets, pageSecrets])
        {
            scanner.Add("Alex's password", SecurityWorld.AlexPassword);
            scanner.Add("mistyped password", WrongPassword);
        }

        foreach (var code in codes)
        {
            pageSecrets.Add("OTP code", code);
        }

        secrets.Add("Vonage api_secret", SecurityWorld.ApiSecret);
        secrets.Add("Vonage api_secret (escaped)", Uri.EscapeDataString(SecurityWorld.ApiSecret));
        secrets.Add("OIDC client secret", TestHome.ClientSecret);
        foreach (var key in browsers.SelectMany(b => b.SessionDataKeys).Distinct())
        {
            secrets.Add("sessionDataKey", key);
        }

        // What the engine logs, with its own filters: no secret of any kind.
        Assert.True(world.Logs.Lines.Count > 50, $"too few log lines captured ({world.Logs.Lines.Count}) for the search to mean anything");
        Assert.Contains(world.Logs.Lines, l => l.Contains("Partner quota exceeded", StringComparison.Ordinal) || l.Contains("status 9", StringComparison.Ordinal));
        var found = secrets.Find(world.Logs.AllText, "the log").ToList();

        // Every category at every level, framework diagnostics included: never a password, a code or a secret of the
        // configuration. (OpenIddict's trace lines show tokens and ASP.NET Core's request lines show URLs with their
        // sessionDataKey by design; the engine keeps both categories at Warning.)
        var traceLogs = world.TraceLogs!;
        Assert.True(traceLogs.Lines.Count > world.Logs.Lines.Count, "the every-level capture saw no more than the engine's own log");
        found.AddRange(pageSecrets.Find(traceLogs.AllText, "the every-level log"));
        var configurationSecrets = new SecretScanner();
        configurationSecrets.Add("Vonage api_secret", SecurityWorld.ApiSecret);
        configurationSecrets.Add("OIDC client secret", TestHome.ClientSecret);
        found.AddRange(configurationSecrets.Find(traceLogs.AllText, "the every-level log"));

        // Pages and redirects: never a password or a code.
        foreach (var browser in browsers)
        {
            found.AddRange(pageSecrets.Find(browser.AllText(), "a page"));
            found.AddRange(pageSecrets.Find(string.Join("\n", browser.Locations), "a redirect"));
        }

        var summary = SecuritySummary.AddSecretsFound(found.Count);
        output.WriteLine($"{world.Logs.Lines.Count} engine log lines, {traceLogs.Lines.Count} every-level log lines and {browsers.Sum(b => b.Transcript.Count)} responses searched for {secrets.Count} secrets: {found.Count} found");
        output.WriteLine($"{SecuritySummary.FilePath}: {summary}");
        Assert.True(found.Count == 0, string.Join("\n", found.Take(20)));
    }

    private static RecordingBrowser NewBrowser(SecurityWorld world, List<RecordingBrowser> browsers)
    {
        var browser = new RecordingBrowser(world.Engine.BaseUrl);
        browsers.Add(browser);
        return browser;
    }

    private static async Task<HttpResponseMessage> SignInAsync(RecordingBrowser browser, OidcTestClient client, string password)
    {
        var login = await browser.FollowWithinAsync(await browser.GetAsync(client.AuthorizeUrl()));
        return await browser.SubmitAsync(login, new Dictionary<string, string> { ["username"] = "alex", ["password"] = password });
    }

    // The latest code to Alex, once a message newer than the ones already read has come.
    private static async Task<string> CodeAsync(SecurityWorld world)
    {
        await world.Vonage.WaitForMessageAsync(ScenarioTest.AlexMobile, TimeSpan.FromSeconds(10));
        return world.Vonage.LatestCode(ScenarioTest.AlexMobile);
    }

    private static string OtherCode(string code) =>
        ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<![0-9A-Za-z])[0-9]{6}(?![0-9A-Za-z])", RegexOptions.CultureInvariant, 5000)]
    private static partial Regex SixDigits();
}
