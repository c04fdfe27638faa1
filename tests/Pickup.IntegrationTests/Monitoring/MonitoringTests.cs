using System.Globalization;
using System.Net;
using System.Text.Json;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Monitoring;

/// <summary>
/// The operator's view of a running engine: Prometheus scrapes GET /metrics on the management listener
/// ([server] management_port), never on the login port; the health probes answer on both.
/// </summary>
[Collection(MonitoringSuite.Name)]
public sealed class MonitoringTests : IAsyncLifetime
{
    private readonly int _managementPort = TestInstallation.FreePort();
    private FakeVonageServer _vonage = null!;
    private TestHome _home = null!;
    private EngineServer _engine = null!;
    private HttpClient _management = null!;

    public async Task InitializeAsync()
    {
        _vonage = await FakeVonageServer.StartAsync();
        _home = new TestHome(_vonage.SmsUrl());
        _home.Write("conf/deployment.toml", WithManagementPort(TestHome.Deployment(_home.Port), _managementPort));
        _engine = await EngineServer.StartAsync(_home);
        await _engine.AddDriverAsync();
        _management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_managementPort.ToString(CultureInfo.InvariantCulture)}/") };
    }

    public async Task DisposeAsync()
    {
        _management.Dispose();
        await _engine.DisposeAsync();
        await _vonage.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task Metrics_AfterATwoFactorLogin_CountTheLoginTheCodeAndTheProviderLatencyWithoutPersonalData()
    {
        using var browser = new BrowserSession(_engine.BaseUrl);
        var client = new OidcTestClient(browser, _home.CallbackUrl);
        var codePage = await ScenarioTest.SignInAsync(browser, client);
        await _vonage.WaitForMessageAsync(ScenarioTest.AlexMobile, TimeSpan.FromSeconds(10));
        var code = _vonage.LatestCode(ScenarioTest.AlexMobile);
        var toApp = await ScenarioTest.SubmitCodeAsync(browser, codePage, code);
        Assert.NotNull(client.CodeFrom(toApp));

        using var scrape = await _management.GetAsync("/metrics");
        var text = await scrape.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Equal(1, Sample(text, "pickup_login_started_total", "service_provider=\"pickup-dispatch\""));
        Assert.Equal(1, Sample(text, "pickup_login_completed_total", "service_provider=\"pickup-dispatch\""));
        Assert.Equal(1, Sample(text, "pickup_sms_sent_total"));
        Assert.Equal(1, Sample(text, "pickup_nexmo_request_duration_seconds_count", "outcome=\"sent\""));
        Assert.Contains("pickup_nexmo_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("pickup_login_step_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("pickup_login_active", text, StringComparison.Ordinal);
        Assert.DoesNotContain("alex", text, StringComparison.Ordinal);
        Assert.DoesNotContain(ScenarioTest.AlexMobile, text, StringComparison.Ordinal);
        var labelSets = text.Split('\n').Where(l => !l.StartsWith('#') && l.Contains('{', StringComparison.Ordinal)).Select(l => l[..l.IndexOf('}', StringComparison.Ordinal)]);
        Assert.DoesNotContain(labelSets, l => l.Contains(code, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_OnTheLoginPort_AreNotFound()
    {
        using var login = new HttpClient { BaseAddress = _engine.BaseUrl };

        using var response = await login.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/health")]
    [InlineData("/authenticationendpoint/login")]
    [InlineData("/oauth2/authorize")]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/static/pickup.css")]
    public async Task ManagementPort_AnythingButMetricsAndProbes_IsNotFound(string path)
    {
        using var response = await _management.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Probes_OnBothListeners_AreLiveAndReadyWithTheirChecksNamed()
    {
        using var login = new HttpClient { BaseAddress = _engine.BaseUrl };
        foreach (var http in new[] { _management, login })
        {
            using var live = await http.GetAsync("/health/live");
            using var ready = await http.GetAsync("/health/ready");

            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("healthy", body.GetProperty("status").GetString());
            var checks = body.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
            Assert.Equal(["database", "plugins"], checks);
        }

        using var health = await login.GetAsync("/health");
        Assert.Equal("ok", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_RedisSessionStoreStopped_Answers503NamingRedis()
    {
        var redis = await RedisServer.StartAsync();
        var stopped = false;
        try
        {
            var port = TestInstallation.FreePort();
            using var home = new TestHome(_vonage.SmsUrl());
            home.Write("conf/deployment.toml", WithManagementPort(TestHome.Deployment(home.Port), port).Replace(
                "[security.sms_limits]",
                $"[session]\nstore = \"redis\"\nconnection = \"{redis.Connection}\"\n\n[security.sms_limits]",
                StringComparison.Ordinal));
            await using var engine = await EngineServer.StartAsync(home);
            using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/") };
            using (var up = await management.GetAsync("/health/ready"))
            {
                Assert.Equal(HttpStatusCode.OK, up.StatusCode);
                Assert.Contains("\"redis\"", await up.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            await redis.DisposeAsync();
            stopped = true;

            HttpResponseMessage? down = null;
            for (var i = 0; i < 100; i++)
            {
                down?.Dispose();
                down = await management.GetAsync("/health/ready");
                if (down.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    break;
                }

                await Task.Delay(100);
            }

            using (down)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, down!.StatusCode);
                var body = JsonDocument.Parse(await down.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal("unhealthy", body.GetProperty("status").GetString());
                var failed = Assert.Single(body.GetProperty("checks").EnumerateArray(), c => c.GetProperty("status").GetString() != "healthy");
                Assert.Equal("redis", failed.GetProperty("name").GetString());
                Assert.False(string.IsNullOrEmpty(failed.GetProperty("description").GetString()));
            }

            using var live = await management.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            if (!stopped)
            {
                await redis.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Build_ManagementBindOffLoopback_StartsWithAWarningNamingTheRisk()
    {
        using var home = new TestHome(_vonage.SmsUrl());
        home.Write("conf/deployment.toml", WithManagementPort(TestHome.Deployment(home.Port), TestInstallation.FreePort())
            .Replace("scheme = \"http\"", "scheme = \"http\"\nmanagement_bind = \"0.0.0.0\"", StringComparison.Ordinal));

        var result = await EngineServer.BuildAsync(home);
        await using var app = result.App;

        Assert.NotNull(app);
        var warning = Assert.Single(result.Warnings, w => w.Message.Contains("management_bind", StringComparison.Ordinal));
        Assert.Contains("not a loopback address", warning.Message, StringComparison.Ordinal);
    }

    private static string WithManagementPort(string deployment, int port) =>
        deployment.Replace("scheme = \"http\"", $"scheme = \"http\"\nmanagement_port = {port.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal);

    // The value of the one sample of <paramref name="metric"/> whose labels include every one of <paramref name="labels"/>.
    private static double Sample(string exposition, string metric, params string[] labels)
    {
        var lines = exposition.Split('\n')
            .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(l => labels.All(label => l.Contains(label, StringComparison.Ordinal)))
            .ToList();
        var line = Assert.Single(lines);
        var value = (line.Contains('}', StringComparison.Ordinal) ? line[(line.LastIndexOf('}') + 1)..] : line[metric.Length..]).Trim().Split(' ')[0];
        return double.Parse(value, CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// The monitoring tests run alone: OpenTelemetry listens to every meter of the process by name, so an engine another
/// test runs in this process at the same time would add its logins to the counts these tests read.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MonitoringSuite
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Monitoring";
}
