using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;
using Pickup.Samples.PickupDispatch;

namespace Pickup.IntegrationTests.Browser;

/// <summary>
/// The scenario's "Try it out" in a real headless Chromium: Alex opens Pickup Dispatch, logs in with his password
/// and the code Nexmo (our fake) delivered, and lands on the app's home page showing his mobile number.
/// </summary>
public sealed class DriverJourneyTests : IAsyncLifetime
{
    private readonly string _sampleData = Path.Combine(Path.GetTempPath(), "pickup-dispatch-it-" + Guid.NewGuid().ToString("N")[..12]);
    private FakeVonageServer _vonage = null!;
    private TestHome _home = null!;
    private EngineServer _engine = null!;
    private WebApplication _sample = null!;
    private Chromium _chromium = null!;
    private string _sampleUrl = null!;

    public async Task InitializeAsync()
    {
        _vonage = await FakeVonageServer.StartAsync();
        var samplePort = TestInstallation.FreePort();
        _sampleUrl = $"http://127.0.0.1:{samplePort}/pickup-dispatch/";
        _home = new TestHome(_vonage.SmsUrl(), callbackUrl: $"http://127.0.0.1:{samplePort}/pickup-dispatch/oauth2client");
        _home.Write("conf/service-providers/pickup-dispatch.toml", TestHome.ServiceProvider(_home.CallbackUrl, _sampleUrl));
        _engine = await EngineServer.StartAsync(_home);
        await _engine.AddDriverAsync();

        _sample = PickupDispatchApp.Build([], builder =>
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{samplePort}");
            builder.Configuration["Oidc:Authority"] = _engine.BaseUrl.ToString();
            builder.Configuration["Oidc:ClientId"] = TestHome.ClientId;
            builder.Configuration["Oidc:ClientSecret"] = TestHome.ClientSecret;
            builder.Configuration["Bookings:Database"] = Path.Combine(_sampleData, "bookings.db");
        });
        await _sample.StartAsync();

        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _sample.StopAsync();
        await _sample.DisposeAsync();
        await _engine.DisposeAsync();
        await _vonage.DisposeAsync();
        _home.Dispose();
        if (Directory.Exists(_sampleData))
        {
            Directory.Delete(_sampleData, recursive: true);
        }
    }

    [Fact]
    public async Task Alex_LogsInWithPasswordAndSmsCode_LandsOnTheHomePageShowingHisMobileNumber()
    {
        var page = await _chromium.NewPhonePageAsync();

        await page.GotoAsync(_sampleUrl);
        await page.GetByText("Login", new PageGetByTextOptions { Exact = true }).ClickAsync();

        await Chromium.WaitForUrlAsync(page, url => url.Contains("/authenticationendpoint/login", StringComparison.Ordinal), "url.Contains('/authenticationendpoint/login', StringComparison.Ordinal)");
        await page.Locator("input[name=username]").FillAsync("alex");
        await page.Locator("input[name=password]").FillAsync("alex-password");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();

        await Chromium.WaitForUrlAsync(page, url => url.Contains("/smsotpauthenticationendpoint/smsotp", StringComparison.Ordinal), "url.Contains('/smsotpauthenticationendpoint/smsotp', StringComparison.Ordinal)");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Resend code" })).ToBeVisibleAsync();
        await _vonage.WaitForMessageAsync("94778888888", TimeSpan.FromSeconds(10));
        await page.Locator("input[name=OTPcode]").FillAsync(_vonage.LatestCode("94778888888"));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Authenticate" }).ClickAsync();

        await Chromium.WaitForUrlAsync(page, url => url.StartsWith(_sampleUrl, StringComparison.Ordinal) && !url.Contains("oauth2client", StringComparison.Ordinal), "url.StartsWith(_sampleUrl, StringComparison.Ordinal) && !url.Contains('oauth2cli");
        Assert.Equal("Vehicle Booking Application", await page.Locator("h1").First.InnerTextAsync());
        Assert.Equal("94778888888", await page.Locator("#driver").InnerTextAsync());

        await page.GetByLabel("Passenger name").FillAsync("Nimal Perera");
        await page.GetByLabel("Pickup location").FillAsync("Colombo Fort");
        await page.GetByLabel("Drop-off location").FillAsync("Bandaranaike Airport");
        await page.GetByLabel("Pickup time").FillAsync(DateTime.Now.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#book").ClickAsync();
        await page.Locator("#bookings li.booking").First.WaitForAsync();
        Assert.Contains("Nimal Perera", await page.Locator("#bookings").InnerTextAsync(), StringComparison.Ordinal);

        await page.Locator("#profile-link").ClickAsync();
        Assert.Contains("94778888888", await page.Locator("#id-token-claims").InnerTextAsync(), StringComparison.Ordinal);

        await page.Locator("#logout-link").ClickAsync();
        await page.Locator("#logout").ClickAsync();
        try
        {
            await page.GetByText("Login", new PageGetByTextOptions { Exact = true }).WaitForAsync();
        }
        catch (TimeoutException)
        {
            Assert.Fail("after logout: " + page.Url + "\n" + await page.ContentAsync());
        }

        Assert.StartsWith(_sampleUrl, page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
