using System.Net;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Security;

/// <summary>One engine for all hostile batches of a class (they run one after another), and the moves that bring a
/// browser to each stage of a login, whose hidden fields (sessionDataKey, anti-forgery token) a hostile form reuses.</summary>
public sealed class HostileWorldFixture : IAsyncLifetime
{
    private readonly List<BrowserSession> _browsers = [];

    internal SecurityWorld World { get; private set; } = null!;

    public async Task InitializeAsync() => World = await SecurityWorld.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var browser in _browsers)
        {
            browser.Dispose();
        }

        await World.DisposeAsync();
    }

    internal BrowserSession NewBrowser()
    {
        var browser = new BrowserSession(World.Engine.BaseUrl);
        _browsers.Add(browser);
        return browser;
    }

    /// <summary>A browser on the login page of a fresh attempt.</summary>
    internal async Task<Stage> LoginStageAsync(BrowserSession? browser = null)
    {
        browser ??= NewBrowser();
        var client = new OidcTestClient(browser, World.Home.CallbackUrl);
        var page = await browser.FollowWithinAsync(await browser.GetAsync(client.AuthorizeUrl()));
        return await StageOfAsync(browser, client, page, "/authenticationendpoint/login");
    }

    /// <summary>Blake (unlocked first) on the SMS code page, a code just sent.</summary>
    internal async Task<Stage> CodeStageAsync()
    {
        await World.UsersAsync(async users =>
        {
            await users.UnlockAsync("blake", CancellationToken.None);
            return true;
        });
        var login = await LoginStageAsync();
        var page = await login.Browser.FollowWithinAsync(await login.Browser.Client.PostAsync("/commonauth", login.Form(
            ("username", "blake"), ("password", SecurityWorld.BlakePassword))));
        return await StageOfAsync(login.Browser, login.Client, page, "/smsotpauthenticationendpoint/smsotp");
    }

    /// <summary>Casey (no mobile number) on the mobile capture page.</summary>
    internal async Task<Stage> MobileStageAsync()
    {
        var login = await LoginStageAsync();
        var page = await login.Browser.FollowWithinAsync(await login.Browser.Client.PostAsync("/commonauth", login.Form(
            ("username", "casey"), ("password", SecurityWorld.CaseyPassword))));
        return await StageOfAsync(login.Browser, login.Client, page, "/smsotpauthenticationendpoint/mobile");
    }

    /// <summary>Blake through both steps; returns the stage whose attempt is complete and the redirect that resumes it.</summary>
    internal async Task<(Stage Stage, Uri Resume)> CompletedStageAsync()
    {
        var stage = await CodeStageAsync();
        await World.Vonage.WaitForMessageAsync(SecurityWorld.BlakeMobile, TimeSpan.FromSeconds(10));
        using var resume = await stage.Browser.Client.PostAsync("/commonauth", stage.Form(("OTPcode", World.Vonage.LatestCode(SecurityWorld.BlakeMobile))));
        Assert.True(BrowserSession.IsRedirect(resume), $"the code was not accepted: {(int)resume.StatusCode}");
        Assert.StartsWith("/oauth2/authorize", resume.Headers.Location!.OriginalString, StringComparison.Ordinal);
        return (stage, resume.Headers.Location);
    }

    private static async Task<Stage> StageOfAsync(BrowserSession browser, OidcTestClient client, HttpResponseMessage page, string path)
    {
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(
            page.StatusCode == HttpStatusCode.OK && page.RequestMessage!.RequestUri!.AbsolutePath == path,
            $"expected {path}, got {(int)page.StatusCode} {page.RequestMessage?.RequestUri}");
        var form = BrowserSession.FindForm(html, null);
        var hidden = form.QuerySelectorAll("input[type='hidden']")
            .Select(i => KeyValuePair.Create(i.GetAttribute("name") ?? string.Empty, i.GetAttribute("value") ?? string.Empty))
            .Where(p => p.Key.Length > 0)
            .ToList();
        var key = hidden.Single(p => p.Key == "sessionDataKey").Value;
        return new Stage(browser, client, key, hidden, page.RequestMessage!.RequestUri!.PathAndQuery);
    }
}

/// <summary>A browser at one page of a login attempt: the attempt's key and the form's hidden fields.</summary>
internal sealed record Stage(BrowserSession Browser, OidcTestClient Client, string Key, IReadOnlyList<KeyValuePair<string, string>> Hidden, string PageUrl)
{
    /// <summary>The anti-forgery field (name and value).</summary>
    public KeyValuePair<string, string> Antiforgery => Hidden.Single(p => p.Key != "sessionDataKey" && p.Key != "resendCode");

    /// <summary>The page's hidden fields plus <paramref name="fields"/>, as a form body (a field given twice is sent twice).</summary>
    public FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(Hidden.Where(h => !fields.Any(f => f.Name == h.Key)).Concat(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    /// <summary>The anti-forgery field plus exactly <paramref name="fields"/> (the sessionDataKey is the caller's).</summary>
    public FormUrlEncodedContent FormWithKey(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Prepend(Antiforgery));
}
