using System.Diagnostics;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Pickup.IntegrationTests.Security;

/// <summary>
/// The SMS provider down, slow, hung, failing or refusing, seen through the real engine: the driver lands on the
/// error page with <c>unable.send.code</c> within the identity provider's <c>timeout</c> (plus a margin for a busy
/// machine), the admin finds a warning saying why, and once the provider is healthy the next login works.
/// </summary>
[Collection(SecuritySuite.Name)]
public sealed class FailingProviderTests(ITestOutputHelper output)
{
    private const int TimeoutSeconds = 2;

    // Generous: the bound is about hanging, not speed, and the suite shares two cores with others.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(3);

    public static TheoryData<string> Failures => ["down", "slow", "hung", "http-500", "http-503", "refused-throttled", "refused-quota", "not-vonage"];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task SendCode_ProviderFailing_ErrorPageWithinTimeoutThenNextLoginWorks(string failure)
    {
        await using var world = await SecurityWorld.StartAsync(timeoutSeconds: TimeoutSeconds);
        var expectedInLog = await BreakAsync(world, failure);

        using var browser = new BrowserSession(world.Engine.BaseUrl);
        var client = new OidcTestClient(browser, world.Home.CallbackUrl);
        var login = await browser.FollowWithinAsync(await browser.GetAsync(client.AuthorizeUrl()));
        var clock = Stopwatch.StartNew();
        var page = await browser.FollowWithinAsync(await browser.SubmitAsync(login, new Dictionary<string, string>
        {
            ["username"] = "alex",
            ["password"] = SecurityWorld.AlexPassword,
        }));
        clock.Stop();
        output.WriteLine($"{failure}: error page after {clock.Elapsed.TotalSeconds:0.00} s");

        var uri = page.RequestMessage!.RequestUri!;
        Assert.Equal("/smsotpauthenticationendpoint/smsotpError", uri.AbsolutePath);
        Assert.Contains("authFailureMsg=unable.send.code", uri.Query, StringComparison.Ordinal);
        Assert.Contains("couldn't send a code", await BrowserSession.TextAsync(page), StringComparison.Ordinal);
        Assert.True(
            clock.Elapsed < TimeSpan.FromSeconds(TimeoutSeconds) + Margin,
            $"the driver waited {clock.Elapsed.TotalSeconds:0.0} s; timeout is {TimeoutSeconds} s");

        var warnings = world.Logs.Lines.Where(l => l.Contains(" Warning:", StringComparison.Ordinal)).ToList();
        Assert.True(
            warnings.Any(w => w.Contains(expectedInLog, StringComparison.Ordinal)),
            $"no warning saying '{expectedInLog}'; warnings:\n{string.Join("\n", warnings)}");
        Assert.DoesNotContain(world.Logs.Lines, l => l.Contains(SecurityWorld.ApiSecret, StringComparison.Ordinal));

        await HealAsync(world, failure);
        await SignInCompletelyAsync(world);
    }

    // Puts the provider in the failure's state; returns what the admin's warning must say.
    private static async Task<string> BreakAsync(SecurityWorld world, string failure)
    {
        switch (failure)
        {
            case "down":
                await world.StopVonageAsync();
                return "could not reach";
            case "slow":
                Respond(world, FakeVonageBehavior.Accept().WithDelay(TimeSpan.FromSeconds(TimeoutSeconds + 2)));
                return $"within {TimeoutSeconds} s";
            case "hung":
                Respond(world, FakeVonageBehavior.Accept().WithDelay(FakeVonageBehavior.MaxDelay));
                return $"within {TimeoutSeconds} s";
            case "http-500":
                Respond(world, FakeVonageBehavior.HttpError(500));
                return "HTTP 500";
            case "http-503":
                Respond(world, FakeVonageBehavior.HttpError(503));
                return "HTTP 503";
            case "refused-throttled":
                Respond(world, FakeVonageBehavior.Reject("1", "Throttled"));
                return "status 1";
            case "refused-quota":
                Respond(world, FakeVonageBehavior.Reject("9", "Partner quota exceeded"));
                return "status 9";
            case "not-vonage":
                Respond(world, FakeVonageBehavior.Body("<html>captive portal</html>"));
                return "not Vonage JSON";
            default:
                throw new ArgumentOutOfRangeException(nameof(failure), failure, "unknown failure");
        }
    }

    private static async Task HealAsync(SecurityWorld world, string failure)
    {
        if (failure == "down")
        {
            await world.RestartVonageAsync();
        }
        else
        {
            Respond(world, FakeVonageBehavior.Accept());
        }
    }

    private static void Respond(SecurityWorld world, FakeVonageBehavior behavior) =>
        world.Vonage.RespondWith(behavior.RequireCredentials(SecurityWorld.ApiKey, SecurityWorld.ApiSecret));

    private static async Task SignInCompletelyAsync(SecurityWorld world)
    {
        using var browser = new BrowserSession(world.Engine.BaseUrl);
        var client = new OidcTestClient(browser, world.Home.CallbackUrl);
        var codePage = await ScenarioTest.SignInAsync(browser, client, SecurityWorld.AlexPassword);
        Assert.Equal("/smsotpauthenticationendpoint/smsotp", codePage.RequestMessage!.RequestUri!.AbsolutePath);
        await world.Vonage.WaitForMessageAsync(ScenarioTest.AlexMobile, TimeSpan.FromSeconds(10));
        var toApp = await ScenarioTest.SubmitCodeAsync(browser, codePage, world.Vonage.LatestCode(ScenarioTest.AlexMobile));
        var tokens = await client.RedeemAsync(client.CodeFrom(toApp));
        Assert.Equal(ScenarioTest.AlexMobile, OidcTestClient.Payload(tokens.GetProperty("id_token").GetString()!).GetProperty("sub").GetString());
    }
}
