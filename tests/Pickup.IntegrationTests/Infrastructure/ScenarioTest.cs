using Microsoft.Extensions.DependencyInjection;
using Pickup.FakeVonage;

namespace Pickup.IntegrationTests.Infrastructure;

/// <summary>
/// A test class's world for the scenario: a fake Vonage on 127.0.0.1, a home sending through it, the engine,
/// and Alex. Subclasses get the common moves of a login.
/// </summary>
public abstract class ScenarioTest : IAsyncLifetime
{
    public const string AlexMobile = "94778888888";

    internal FakeVonageServer Vonage { get; private set; } = null!;

    internal TestHome Home { get; private set; } = null!;

    internal EngineServer Engine { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Vonage = await FakeVonageServer.StartAsync();
        Home = new TestHome(Vonage.SmsUrl());
        Engine = await EngineServer.StartAsync(Home);
        await Engine.AddDriverAsync();
    }

    public async Task DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Vonage.DisposeAsync();
        Home.Dispose();
    }

    /// <summary>Restarts the engine on the same home (after a configuration change), with services of the test's own.</summary>
    internal async Task RestartEngineAsync(Action<IServiceCollection>? configureServices = null)
    {
        await Engine.DisposeAsync();
        Engine = await EngineServer.StartAsync(Home, configureServices: configureServices);
    }

    /// <summary>The app sends the browser to the engine: the login page comes back.</summary>
    internal static async Task<HttpResponseMessage> OpenLoginPageAsync(BrowserSession browser, OidcTestClient client) =>
        await browser.FollowWithinAsync(await browser.GetAsync(client.AuthorizeUrl()));

    /// <summary>Step 1 as Alex: the page that comes next (the SMS code page when all goes well).</summary>
    internal static async Task<HttpResponseMessage> SignInAsync(BrowserSession browser, OidcTestClient client, string password = "alex-password")
    {
        var login = await OpenLoginPageAsync(browser, client);
        return await browser.FollowWithinAsync(await browser.SubmitAsync(login, new Dictionary<string, string>
        {
            ["username"] = "alex",
            ["password"] = password,
        }));
    }

    /// <summary>The code the fake Vonage delivered to Alex last.</summary>
    internal async Task<string> ReceivedCodeAsync()
    {
        await Vonage.WaitForMessageAsync(AlexMobile, TimeSpan.FromSeconds(10));
        return Vonage.LatestCode(AlexMobile);
    }

    /// <summary>Posts the code on the SMS code page; follows the engine's redirects up to the app's callback.</summary>
    internal static async Task<HttpResponseMessage> SubmitCodeAsync(BrowserSession browser, HttpResponseMessage codePage, string code) =>
        await browser.FollowWithinAsync(await browser.SubmitAsync(codePage, new Dictionary<string, string> { ["OTPcode"] = code }));
}
