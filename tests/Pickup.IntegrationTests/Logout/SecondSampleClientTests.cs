using Microsoft.Extensions.DependencyInjection;
using Pickup.Core.Sessions;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Logout;

/// <summary>
/// The sample app run a second time as another client ("Fleet Reports": its own client id, secret, path base, name and
/// cookie) beside Pickup Dispatch, in one browser: each signs Alex in through the engine, and the end of his session
/// ends both.
/// </summary>
public sealed class SecondSampleClientTests : IAsyncLifetime
{
    private const string FleetReports = SampleClient.FleetReportsClientId;
    private const string BasicOnly = """
        [[authentication.steps]]
        use_subject = true
        use_attributes = true
        options = [{ authenticator = "basic" }]
        """;

    private FakeVonageServer _vonage = null!;
    private TestHome _home = null!;
    private EngineServer _engine = null!;
    private SampleClient _dispatch = null!;
    private SampleClient _reports = null!;

    public async Task InitializeAsync()
    {
        _vonage = await FakeVonageServer.StartAsync();
        var dispatchPort = TestInstallation.FreePort();
        var reportsPort = TestInstallation.FreePort();
        var dispatch = SampleClient.HomeUrl(dispatchPort);
        var reports = SampleClient.HomeUrl(reportsPort, SampleClient.FleetReportsPathBase);
        _home = new TestHome(_vonage.SmsUrl(), callbackUrl: dispatch + "oauth2client");
        _home.Write("conf/service-providers/pickup-dispatch.toml", SampleClient.DispatchServiceProvider(dispatch));
        _home.Write("conf/service-providers/fleet-reports.toml", SampleClient.FleetReportsServiceProvider(reports, BasicOnly));
        _engine = await EngineServer.StartAsync(_home);
        await _engine.AddDriverAsync();
        _dispatch = await SampleClient.StartAsync(_engine, dispatchPort);
        _reports = await SampleClient.StartAsync(
            _engine, reportsPort, FleetReports, SampleClient.FleetReportsSecret, SampleClient.FleetReportsPathBase, "Fleet Reports", cookies: _dispatch.Cookies);
    }

    public async Task DisposeAsync()
    {
        await _reports.DisposeAsync();
        await _dispatch.DisposeAsync();
        await _engine.DisposeAsync();
        await _vonage.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task SecondClient_ShowsItsOwnNameAndSignsInAsItsOwnClient()
    {
        Assert.Contains("Fleet Reports", await _reports.HomeTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Pickup Dispatch", await _dispatch.HomeTextAsync(), StringComparison.Ordinal);

        await _reports.SignInAsync(_vonage);

        Assert.True(await _reports.IsSignedInAsync());
        Assert.False(await _dispatch.IsSignedInAsync(), "signing in to one app signed the browser in to the other");
        using var profile = await _reports.GetAsync("profile");
        Assert.Contains(FleetReports, await BrowserSession.TextAsync(profile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionEndingForBothClients_EndsBothAppsSessions()
    {
        await _dispatch.SignInAsync(_vonage);
        await _reports.SignInAsync(_vonage);
        Assert.True(await _dispatch.IsSignedInAsync());
        Assert.True(await _reports.IsSignedInAsync());

        _engine.App.Services.GetRequiredService<ISessionLogoutNotifier>().SessionEnded(
            await _reports.SessionIdAsync(),
            new Dictionary<string, string> { [TestHome.ClientId] = ScenarioTest.AlexMobile, [FleetReports] = ScenarioTest.AlexMobile });

        await WaitUntilSignedOutAsync(_dispatch);
        await WaitUntilSignedOutAsync(_reports);
    }

    [Fact]
    public async Task SessionEndingForOneClient_LeavesTheOtherSignedIn()
    {
        await _dispatch.SignInAsync(_vonage);
        await _reports.SignInAsync(_vonage);

        _engine.App.Services.GetRequiredService<ISessionLogoutNotifier>().SessionEnded(
            await _reports.SessionIdAsync(),
            new Dictionary<string, string> { [FleetReports] = ScenarioTest.AlexMobile });

        await WaitUntilSignedOutAsync(_reports);
        Assert.True(await _dispatch.IsSignedInAsync(), "a logout token for Fleet Reports ended Pickup Dispatch's session");
    }

    private static async Task WaitUntilSignedOutAsync(SampleClient app)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await app.IsSignedInAsync())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{app.Url} still shows Alex signed in 15 s after the engine ended his session");
            await Task.Delay(100);
        }
    }
}
