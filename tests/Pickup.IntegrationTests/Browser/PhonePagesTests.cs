using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Browser;

/// <summary>
/// The pages a driver meets on a 360-px phone, in headless Chromium: the wrong-code retry, the resend with its
/// cool-down, the mobile capture and the error page. Each page is saved as a screenshot beside the test results.
/// </summary>
public sealed class PhonePagesTests : IAsyncLifetime
{
    private FakeVonageServer _vonage = null!;
    private TestHome _home = null!;
    private EngineServer _engine = null!;
    private Chromium _chromium = null!;

    public async Task InitializeAsync()
    {
        _vonage = await FakeVonageServer.StartAsync();
        // Chromium refuses the default test callback's port 1 as unsafe: this one is free, and the page answers it.
        _home = new TestHome(_vonage.SmsUrl(), callbackUrl: $"http://127.0.0.1:{TestInstallation.FreePort()}/pickup-dispatch/oauth2client");
        _home.Append("conf/deployment.toml", "ResendCooldown = 2\nDefaultRegion = \"LK\"\n");
        _engine = await EngineServer.StartAsync(_home);
        await _engine.AddDriverAsync();
        await _engine.AddDriverAsync("nimal", "nimal-password", mobile: null);
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _engine.DisposeAsync();
        await _vonage.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task WrongCodeThenResend_ShowsTheReason_CountsDown_AndOnlyTheNewCodeWorks()
    {
        var page = await SignInAsync("alex", "alex-password");
        await Chromium.WaitForUrlAsync(page, url => url.Contains("/smsotpauthenticationendpoint/smsotp", StringComparison.Ordinal), "url.Contains('/smsotpauthenticationendpoint/smsotp', StringComparison.Ordinal)");
        await Chromium.ScreenshotAsync(page, "smsotp");
        var first = await CodeForAsync("94778888888", 1);

        var code = page.Locator("input[name=OTPcode]");
        Assert.Equal("one-time-code", await code.GetAttributeAsync("autocomplete"));
        Assert.Equal("numeric", await code.GetAttributeAsync("inputmode"));
        Assert.Equal(1, await page.Locator("label[for=OTPcode]").CountAsync());
        Assert.Contains("8888", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("778888888", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        await code.FillAsync(first == "000000" ? "111111" : "000000");
        await code.PressAsync("Enter");
        await Chromium.WaitForUrlAsync(page, url => url.Contains("authFailureMsg=code.mismatch", StringComparison.Ordinal), "url.Contains('authFailureMsg=code.mismatch', StringComparison.Ordinal)");
        await Assertions.Expect(page.Locator("[role=alert]")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "smsotp-wrong-code");

        var resend = page.Locator("button[name=resendCode]");
        await Assertions.Expect(resend).ToBeVisibleAsync();
        await Assertions.Expect(resend).ToBeEnabledAsync(new LocatorAssertionsToBeEnabledOptions { Timeout = 5_000 });
        await resend.ClickAsync();
        var second = await CodeForAsync("94778888888", 2);
        await Assertions.Expect(resend).ToBeDisabledAsync();
        await Chromium.ScreenshotAsync(page, "smsotp-resent");

        await page.Locator("input[name=OTPcode]").FillAsync(first);
        await page.Locator("input[name=OTPcode]").PressAsync("Enter");
        await Chromium.WaitForUrlAsync(page, url => url.Contains("authFailure=true", StringComparison.Ordinal), "url.Contains('authFailure=true', StringComparison.Ordinal)");

        await page.Locator("input[name=OTPcode]").FillAsync(second);
        await page.Locator("input[name=OTPcode]").PressAsync("Enter");
        await Chromium.WaitForUrlAsync(page, url => url.StartsWith(_home.CallbackUrl, StringComparison.Ordinal), "url.StartsWith(_home.CallbackUrl, StringComparison.Ordinal)");
    }

    [Fact]
    public async Task DriverWithoutMobile_TypesANumber_GetsTheCodeThere_AndTheNumberIsSavedOnlyAfterVerification()
    {
        var page = await SignInAsync("nimal", "nimal-password");
        await Chromium.WaitForUrlAsync(page, url => url.Contains("/smsotpauthenticationendpoint/mobile", StringComparison.Ordinal), "url.Contains('/smsotpauthenticationendpoint/mobile', StringComparison.Ordinal)");
        Assert.Equal(1, await page.Locator("label[for=MOBILE_NUMBER]").CountAsync());
        await Chromium.ScreenshotAsync(page, "mobile");

        await page.Locator("input[name=MOBILE_NUMBER]").FillAsync("077 123 4567");
        await page.Locator("input[name=MOBILE_NUMBER]").PressAsync("Enter");
        await Chromium.WaitForUrlAsync(page, url => url.Contains("/smsotpauthenticationendpoint/smsotp", StringComparison.Ordinal), "url.Contains('/smsotpauthenticationendpoint/smsotp', StringComparison.Ordinal)");
        var code = await CodeForAsync("94771234567", 1);
        Assert.Null(await MobileOfAsync("nimal"));

        await page.Locator("input[name=OTPcode]").FillAsync(code);
        await page.Locator("input[name=OTPcode]").PressAsync("Enter");
        await Chromium.WaitForUrlAsync(page, url => url.StartsWith(_home.CallbackUrl, StringComparison.Ordinal), "url.StartsWith(_home.CallbackUrl, StringComparison.Ordinal)");
        Assert.Equal("94771234567", await MobileOfAsync("nimal"));
    }

    [Fact]
    public async Task ProviderRefusesTheMessage_ErrorPageShowsASentenceNeverTheKey()
    {
        _vonage.RespondWith(FakeVonageBehavior.Reject("9", "Partner quota exceeded"));
        var page = await SignInAsync("alex", "alex-password");
        await Chromium.WaitForUrlAsync(page, url => url.Contains("/smsotpauthenticationendpoint/smsotpError", StringComparison.Ordinal), "url.Contains('/smsotpauthenticationendpoint/smsotpError', StringComparison.Ordin");
        await Chromium.ScreenshotAsync(page, "smsotpError");

        var text = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("unable.send.code", text, StringComparison.Ordinal);
        Assert.True(text.Trim().Length > 40, text);
    }

    [Fact]
    public async Task LoginPage_InSpanish_WhenTheBrowserAsksForIt()
    {
        var page = await _chromium.NewPhonePageAsync("es-ES");
        await page.GotoAsync(new Uri(_engine.BaseUrl, new OidcTestClient(new BrowserSession(_engine.BaseUrl), _home.CallbackUrl).AuthorizeUrl()).ToString());
        await Chromium.WaitForUrlAsync(page, url => url.Contains("/authenticationendpoint/login", StringComparison.Ordinal), "url.Contains('/authenticationendpoint/login', StringComparison.Ordinal)");
        await Chromium.ScreenshotAsync(page, "login-es");

        Assert.Equal("es", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal(1, await page.Locator("label[for=username]").CountAsync());
    }

    private async Task<IPage> SignInAsync(string username, string password)
    {
        var page = await _chromium.NewPhonePageAsync();
        await page.RouteAsync(_home.CallbackUrl + "**", route => route.FulfillAsync(new RouteFulfillOptions { Body = "Pickup Dispatch" }));
        using var session = new BrowserSession(_engine.BaseUrl);
        var client = new OidcTestClient(session, _home.CallbackUrl);
        await page.GotoAsync(new Uri(_engine.BaseUrl, client.AuthorizeUrl()).ToString());
        await Chromium.WaitForUrlAsync(page, url => url.Contains("/authenticationendpoint/login", StringComparison.Ordinal), "url.Contains('/authenticationendpoint/login', StringComparison.Ordinal)");
        await Chromium.ScreenshotAsync(page, "login");
        await page.Locator("input[name=username]").FillAsync(username);
        await page.Locator("input[name=password]").FillAsync(password);
        await page.Locator("input[name=password]").PressAsync("Enter");
        return page;
    }

    private async Task<string> CodeForAsync(string number, int nth)
    {
        for (var i = 0; i < 100 && _vonage.Messages.Count(m => m.To == number) < nth; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(nth, _vonage.Messages.Count(m => m.To == number));
        return _vonage.LatestCode(number);
    }

    private async Task<string?> MobileOfAsync(string username)
    {
        await using var scope = _engine.App.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<Pickup.Data.Users.UserAdministration>().FindAsync(username, CancellationToken.None);
        return user!.Claims.GetValueOrDefault("http://wso2.org/claims/mobile");
    }
}
