using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;
using Pickup.Testing;

namespace Pickup.IntegrationTests.ScaleOut;

/// <summary>
/// <c>[security.login_limits] per_ip_per_minute</c> with <c>[session] store = "redis"</c>: two engines on one Redis
/// count one address's posts to <c>/commonauth</c> together, sequential or all at once, and a Redis that went away
/// refuses the post and the start of a login (fail closed) with a page and a logged error.
/// </summary>
public sealed class SharedLoginLimitsTests : IAsyncLifetime
{
    private const int Limit = 5;
    private readonly CapturedLogs _logs = new();
    private RedisServer _redis = null!;
    private FakeVonageServer _vonage = null!;
    private TestHome _homeA = null!;
    private TestHome _homeB = null!;
    private EngineServer _nodeA = null!;
    private EngineServer _nodeB = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _vonage = await FakeVonageServer.StartAsync();
        _homeA = NodeHome();
        _homeB = NodeHome();
        _nodeA = await EngineServer.StartAsync(_homeA, configureServices: LogCapture.Into(_logs));

        // Nothing is copied between the homes: each node only answers the forms it rendered, so only the counters,
        // in the one Redis, are shared.
        _nodeB = await EngineServer.StartAsync(_homeB);
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await _redis.DisposeAsync();
        await _vonage.DisposeAsync();
        _homeA.Dispose();
        _homeB.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task CommonAuth_PostsFromOneAddressSplitOverTwoNodes_AreRefusedOnceTheirTotalPassesTheLimit()
    {
        using var onA = new BrowserSession(_nodeA.BaseUrl);
        using var onB = new BrowserSession(_nodeB.BaseUrl);
        var loginA = await ScenarioTest.OpenLoginPageAsync(onA, new OidcTestClient(onA, _homeA.CallbackUrl));
        var loginB = await ScenarioTest.OpenLoginPageAsync(onB, new OidcTestClient(onB, _homeB.CallbackUrl));
        await WaitForFreshWindowAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Limit + 2; i++)
        {
            var (browser, login) = i % 2 == 0 ? (onA, loginA) : (onB, loginB);
            using var response = await browser.SubmitAsync(login, new Dictionary<string, string> { ["username"] = "alex", ["password"] = "wrong" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("60", response.Headers.RetryAfter?.ToString());
                Assert.Contains("role=\"alert\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        // Three posts on A and two on B reach the limit of five: the sixth (on A) and seventh (on B) are refused,
        // where each node counting alone would have let them through.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.SeeOther, Limit), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task CommonAuth_ManyParallelPostsFromOneAddressOverTwoNodes_LetExactlyTheLimitThrough()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        await WaitForFreshWindowAsync();

        // Forty posts at once, half to each node. Each is counted before its form is looked at, so a post without
        // an anti-forgery token uses up the allowance like any other.
        var posts = Enumerable.Range(0, 40).Select(async i =>
        {
            var node = i % 2 == 0 ? _nodeA : _nodeB;
            using var form = new FormUrlEncodedContent([KeyValuePair.Create("username", "alex"), KeyValuePair.Create("password", "guess-" + i.ToString(CultureInfo.InvariantCulture))]);
            using var response = await http.PostAsync(new Uri(node.BaseUrl, "/commonauth"), form);
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(posts);

        Assert.Equal(Limit, statuses.Count(s => s != HttpStatusCode.TooManyRequests));
        Assert.Equal(40 - Limit, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task CommonAuth_RedisGone_RefusesThePostWith503AndRetryAfter_AndLogsWhy()
    {
        using var browser = new BrowserSession(_nodeA.BaseUrl);
        var login = await ScenarioTest.OpenLoginPageAsync(browser, new OidcTestClient(browser, _homeA.CallbackUrl));

        await _redis.CommandAsync("SHUTDOWN", "NOSAVE");
        using var refused = await browser.SubmitAsync(login, new Dictionary<string, string> { ["username"] = "alex", ["password"] = "alex-password" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("60", refused.Headers.RetryAfter?.ToString());
        var page = await BrowserSession.TextAsync(refused);
        Assert.Contains("briefly unavailable", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", page, StringComparison.Ordinal);
        Assert.Contains(_logs.Lines, l => l.Contains("per-address login limit could not be counted (commonauth)", StringComparison.Ordinal));

        // Starting a login is refused the same way.
        using var other = new BrowserSession(_nodeA.BaseUrl);
        using var start = await other.GetAsync(new OidcTestClient(other, _homeA.CallbackUrl).AuthorizeUrl());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, start.StatusCode);
        Assert.Equal("60", start.Headers.RetryAfter?.ToString());
        Assert.Contains("briefly unavailable", await BrowserSession.TextAsync(start), StringComparison.Ordinal);
        Assert.Contains(_logs.Lines, l => l.Contains("per-address login limit could not be counted (authorize)", StringComparison.Ordinal));
    }

    // Windows are whole minutes of the clock: a test that could straddle two starts at the top of the next one.
    private static async Task WaitForFreshWindowAsync()
    {
        var now = DateTimeOffset.UtcNow;
        if (now.Second >= 40)
        {
            await Task.Delay(TimeSpan.FromSeconds(60 - now.Second) - TimeSpan.FromMilliseconds(now.Millisecond) + TimeSpan.FromMilliseconds(200));
        }
    }

    private TestHome NodeHome()
    {
        var home = new TestHome(_vonage.SmsUrl());
        home.Write("conf/deployment.toml", TestHome.Deployment(home.Port)
            .Replace("\nper_ip_per_minute = 0", "\nper_ip_per_minute = " + Limit.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("authorize_per_ip_per_minute = 0", "authorize_per_ip_per_minute = 100", StringComparison.Ordinal)
            .Replace("[security.sms_limits]", $"[session]\nstore = \"redis\"\nconnection = \"{_redis.Connection}\"\n\n[security.sms_limits]", StringComparison.Ordinal));
        return home;
    }
}
