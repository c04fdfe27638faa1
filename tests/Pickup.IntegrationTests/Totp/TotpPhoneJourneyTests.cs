using System.Collections.Concurrent;
using Microsoft.Playwright;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Totp;

/// <summary>
/// The TOTP plugin in the real engine, in headless Chromium on a 360-px phone: a step offering
/// <c>[{ idp = "SMSOTP" }, { authenticator = "totp" }]</c> shows the multi-option page; Alex picks the authenticator
/// app, enrols it from the page (key read off the screen, code from an RFC 6238 app of the test's own), and signs in
/// with it the next time. Needs the engine's credential store (the plugin keeps the secret there).
/// </summary>
public sealed class TotpPhoneJourneyTests : IAsyncLifetime
{
    private const string Steps = """
        [[authentication.steps]]
        use_subject = true
        use_attributes = true
        options = [{ authenticator = "basic" }]
        [[authentication.steps]]
        options = [{ idp = "SMSOTP" }, { authenticator = "totp" }]
        """;

    private FakeVonageServer _vonage = null!;
    private TestHome _home = null!;
    private EngineServer _engine = null!;
    private Chromium _chromium = null!;

    public async Task InitializeAsync()
    {
        _vonage = await FakeVonageServer.StartAsync();
        _home = new TestHome(_vonage.SmsUrl(), callbackUrl: $"http://127.0.0.1:{TestInstallation.FreePort()}/pickup-dispatch/oauth2client");
        _home.Append("conf/deployment.toml", "\n[authentication.authenticator.totp]\nname = \"TOTP\"\nenable = true\n\n[authentication.authenticator.totp.parameters]\nissuer = \"Pickup Dispatch\"\n");
        _home.Write("conf/service-providers/pickup-dispatch.toml", TestHome.ServiceProvider(_home.CallbackUrl, "http://127.0.0.1:1/pickup-dispatch/", steps: Steps));
        _engine = await EngineServer.StartAsync(_home);
        await _engine.AddDriverAsync();
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
    public async Task Alex_EnrolsAnAuthenticatorApp_FromTheMultiOptionPage_ThenSignsInWithIt()
    {
        // Enrolment: the multi-option page, then the QR code and the key, confirmed by the app's first code.
        var page = await SignInAsync();
        var requests = new ConcurrentQueue<string>();
        var consoleErrors = new ConcurrentQueue<string>();
        page.Request += (_, request) => requests.Enqueue(request.Url);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Enqueue(message.Text);
            }
        };
        await ChooseAuthenticatorAppAsync(page);

        await Chromium.WaitForUrlAsync(page, url => url.Contains("/totpauthenticationendpoint/enroll", StringComparison.Ordinal), "url.Contains('/totpauthenticationendpoint/enroll', StringComparison.Ordinal)");
        var qr = page.Locator(".qr svg");
        await Assertions.Expect(qr).ToBeVisibleAsync();
        var box = await qr.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 360, $"the QR code does not fit the phone's width: x={box.X}, width={box.Width}");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the enrolment page scrolls sideways on a phone");
        await Chromium.ScreenshotAsync(page, "totp-enroll");
        var key = await page.Locator("#totp-secret").InnerTextAsync();
        Assert.Matches("^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$", key.Trim());

        var code = page.Locator("input[name=totpCode]");
        Assert.Equal("one-time-code", await code.GetAttributeAsync("autocomplete"));
        Assert.Equal("numeric", await code.GetAttributeAsync("inputmode"));
        await code.FillAsync(AuthenticatorApp.CodeAt(key, DateTimeOffset.UtcNow));
        await code.PressAsync("Enter");
        await Chromium.WaitForUrlAsync(page, url => url.StartsWith(_home.CallbackUrl, StringComparison.Ordinal), "url.StartsWith(_home.CallbackUrl, StringComparison.Ordinal)");

        // Nothing but the engine was asked for anything, and the CSP refused nothing on the way.
        Assert.All(requests, url => Assert.True(url.StartsWith(_engine.BaseUrl.ToString(), StringComparison.Ordinal) || url.StartsWith(_home.CallbackUrl, StringComparison.Ordinal), url));
        Assert.Empty(consoleErrors);
        Assert.Empty(_vonage.Messages);

        // The next sign-in asks for the app's code: a wrong one is refused with a sentence, the app's next one passes
        // (the code that confirmed the enrolment is used up, so the test types the next step's).
        var second = await SignInAsync();
        await ChooseAuthenticatorAppAsync(second);
        await Chromium.WaitForUrlAsync(second, url => url.Contains("/totpauthenticationendpoint/totp", StringComparison.Ordinal), "url.Contains('/totpauthenticationendpoint/totp', StringComparison.Ordinal)");
        await Chromium.ScreenshotAsync(second, "totp-code");
        var next = AuthenticatorApp.CodeAt(key, DateTimeOffset.UtcNow.AddSeconds(30));
        await second.Locator("input[name=totpCode]").FillAsync(next == "000000" ? "111111" : "000000");
        await second.Locator("input[name=totpCode]").PressAsync("Enter");
        await Chromium.WaitForUrlAsync(second, url => url.Contains("authFailureMsg=totp.code.mismatch", StringComparison.Ordinal), "url.Contains('authFailureMsg=totp.code.mismatch', StringComparison.Ordinal)");
        await Assertions.Expect(second.Locator("[role=alert]")).ToContainTextAsync("That code is not right");
        await Chromium.ScreenshotAsync(second, "totp-wrong-code");

        await second.Locator("input[name=totpCode]").FillAsync(next);
        await second.Locator("input[name=totpCode]").PressAsync("Enter");
        await Chromium.WaitForUrlAsync(second, url => url.StartsWith(_home.CallbackUrl, StringComparison.Ordinal), "url.StartsWith(_home.CallbackUrl, StringComparison.Ordinal)");
    }

    private static async Task ChooseAuthenticatorAppAsync(IPage page)
    {
        await Chromium.WaitForUrlAsync(page, url => url.Contains("/authenticationendpoint/multi-option", StringComparison.Ordinal), "url.Contains('/authenticationendpoint/multi-option', StringComparison.Ordinal)");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "SMS one-time code (SMSOTP)" })).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "totp-multi-option");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Authenticator app", Exact = true }).ClickAsync();
    }

    private async Task<IPage> SignInAsync()
    {
        var page = await _chromium.NewPhonePageAsync();
        await page.RouteAsync(_home.CallbackUrl + "**", route => route.FulfillAsync(new RouteFulfillOptions { Body = "Pickup Dispatch" }));
        using var session = new BrowserSession(_engine.BaseUrl);
        var client = new OidcTestClient(session, _home.CallbackUrl);
        await page.GotoAsync(new Uri(_engine.BaseUrl, client.AuthorizeUrl()).ToString());
        await Chromium.WaitForUrlAsync(page, url => url.Contains("/authenticationendpoint/login", StringComparison.Ordinal), "url.Contains('/authenticationendpoint/login', StringComparison.Ordinal)");
        await page.Locator("input[name=username]").FillAsync("alex");
        await page.Locator("input[name=password]").FillAsync("alex-password");
        await page.Locator("input[name=password]").PressAsync("Enter");
        return page;
    }
}
