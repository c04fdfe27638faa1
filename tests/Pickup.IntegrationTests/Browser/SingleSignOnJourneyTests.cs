using Microsoft.Playwright;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Browser;

/// <summary>
/// Single sign-on in a real headless Chromium: Alex signs in to Pickup Dispatch (password, then the code), opens a
/// second sample client ("Fleet Reports", another service provider asking for the same two steps) in the same browser
/// and lands on it signed in without a page of the engine; logging out of one app ends the engine's session and,
/// through back-channel logout, the other app's, so both ask him to sign in again.
/// </summary>
public sealed class SingleSignOnJourneyTests : IAsyncLifetime
{
    private FakeVonageServer _vonage = null!;
    private TestHome _home = null!;
    private EngineServer _engine = null!;
    private SampleClient _dispatch = null!;
    private SampleClient _reports = null!;
    private Chromium _chromium = null!;

    public async Task InitializeAsync()
    {
        _vonage = await FakeVonageServer.StartAsync();
        var dispatch = SampleClient.HomeUrl(TestInstallation.FreePort());
        var reportsPort = TestInstallation.FreePort();
        var reports = SampleClient.HomeUrl(reportsPort, SampleClient.FleetReportsPathBase);
        _home = new TestHome(_vonage.SmsUrl(), callbackUrl: dispatch + "oauth2client");
        _home.Write("conf/service-providers/pickup-dispatch.toml", SampleClient.DispatchServiceProvider(dispatch));
        _home.Write("conf/service-providers/fleet-reports.toml", SampleClient.FleetReportsServiceProvider(reports, TestHome.DefaultSteps));
        _engine = await EngineServer.StartAsync(_home);
        await _engine.AddDriverAsync();
        _dispatch = await SampleClient.StartAsync(_engine, new Uri(dispatch).Port);
        _reports = await SampleClient.StartAsync(_engine, reportsPort, SampleClient.FleetReportsClientId, SampleClient.FleetReportsSecret, SampleClient.FleetReportsPathBase, "Fleet Reports");
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _reports.DisposeAsync();
        await _dispatch.DisposeAsync();
        await _engine.DisposeAsync();
        await _vonage.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task Alex_SignedInToDispatch_OpensASecondApp_SignedInWithoutAPage_LogsOutOfOne_BothAskAgain()
    {
        var page = await _chromium.NewPhonePageAsync();
        var enginePages = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.IsNavigationRequest && request.Url.StartsWith(_engine.BaseUrl.ToString(), StringComparison.Ordinal)
                && !request.Url.Contains("/oauth2/", StringComparison.Ordinal) && !request.Url.Contains("/oidc/", StringComparison.Ordinal))
            {
                enginePages.Add(request.Url);
            }
        };

        // Pickup Dispatch: the whole two-factor login.
        await page.GotoAsync(_dispatch.Url);
        await page.Locator("#login").ClickAsync();
        await Chromium.WaitForUrlAsync(page, url => url.Contains("/authenticationendpoint/login", StringComparison.Ordinal), "the login page");
        await page.Locator("input[name=username]").FillAsync("alex");
        await page.Locator("input[name=password]").FillAsync("alex-password");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await Chromium.WaitForUrlAsync(page, url => url.Contains("/smsotpauthenticationendpoint/smsotp", StringComparison.Ordinal), "the code page");
        await _vonage.WaitForMessageAsync(ScenarioTest.AlexMobile, TimeSpan.FromSeconds(10));
        await page.Locator("input[name=OTPcode]").FillAsync(_vonage.LatestCode(ScenarioTest.AlexMobile));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Authenticate" }).ClickAsync();
        await Chromium.WaitForUrlAsync(page, url => url.StartsWith(_dispatch.Url, StringComparison.Ordinal) && !url.Contains("oauth2client", StringComparison.Ordinal), "Pickup Dispatch's home page");
        Assert.Equal(ScenarioTest.AlexMobile, await page.Locator("#driver").InnerTextAsync());
        Assert.NotEmpty(enginePages);

        // Fleet Reports, same browser: the engine's session covers both steps, so no page of the engine is shown.
        enginePages.Clear();
        var codesBefore = _vonage.Messages.Count;
        await page.GotoAsync(_reports.Url);
        await page.Locator("#login").ClickAsync();
        await Chromium.WaitForUrlAsync(page, url => url.StartsWith(_reports.Url, StringComparison.Ordinal) && !url.Contains("oauth2client", StringComparison.Ordinal), "Fleet Reports' home page");
        await Assertions.Expect(page.Locator("#driver")).ToHaveTextAsync(ScenarioTest.AlexMobile);
        Assert.Empty(enginePages);
        Assert.Equal(codesBefore, _vonage.Messages.Count);

        // Logout of Pickup Dispatch: its own session, the engine's, and (back-channel) Fleet Reports'.
        await page.GotoAsync(_dispatch.Url);
        await page.Locator("#logout-link").ClickAsync();
        await page.Locator("#logout").ClickAsync();
        await page.Locator("#login").WaitForAsync();
        Assert.StartsWith(_dispatch.Url, page.Url, StringComparison.Ordinal);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            await page.GotoAsync(_reports.Url);
            if (await page.Locator("#login").CountAsync() > 0)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "Fleet Reports still shows Alex signed in 15 s after he logged out of Pickup Dispatch");
            await Task.Delay(200);
        }

        // Both ask him to sign in again.
        foreach (var app in (SampleClient[])[_reports, _dispatch])
        {
            await page.GotoAsync(app.Url);
            await page.Locator("#login").ClickAsync();
            await Chromium.WaitForUrlAsync(page, url => url.Contains("/authenticationendpoint/login", StringComparison.Ordinal), "the login page again, from " + app.Url);
        }

        await page.Context.CloseAsync();
    }
}
