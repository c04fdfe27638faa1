using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Pickup.Core.Auditing;
using Pickup.Data.Auditing;
using Pickup.Data.Users;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;
using Pickup.Testing;

namespace Pickup.IntegrationTests.Audit;

/// <summary>
/// The audit trail of real logins through the real engine, the fake Vonage and the <c>pickup</c> command line:
/// what lands in the database and in the log, and what never does.
/// </summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private const string Password = "alex-audit-pw-7Qz!";
    private const string AlexMobile = ScenarioTest.AlexMobile;

    private readonly CapturedLogs _logs = new();
    private FakeVonageServer _vonage = null!;
    private TestHome _home = null!;
    private EngineServer _engine = null!;

    public async Task InitializeAsync()
    {
        _vonage = await FakeVonageServer.StartAsync();
        _home = new TestHome(_vonage.SmsUrl());
        _engine = await EngineServer.StartAsync(_home, configureServices: LogCapture.Into(_logs));
        await _engine.AddDriverAsync("alex", Password, AlexMobile);
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _vonage.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task Login_PasswordThenCode_AuditsCodeSentCodeVerifiedAndLoginSucceededForAlexAndTheApp()
    {
        var alexId = await AlexIdAsync();

        await LogInAsync();

        var events = await TailAsync(50);
        var sent = Assert.Single(events, e => e.Type == "code.sent");
        var verified = Assert.Single(events, e => e.Type == "code.verified");
        var succeeded = Assert.Single(events, e => e.Type == AuditEventTypes.LoginSucceeded);
        Assert.True(events.IndexOf(sent) < events.IndexOf(verified) && events.IndexOf(verified) < events.IndexOf(succeeded));
        Assert.All([sent, verified, succeeded], e => Assert.Equal((alexId, "alex", "127.0.0.1"), (e.UserId, e.Username, e.RemoteAddress)));
        Assert.All([verified, succeeded], e => Assert.Equal(TestHome.ClientId, e.ClientId));
        Assert.Equal("to *******8888 via nexmo", sent.Detail);
        Assert.Equal("basic+sms_otp", succeeded.Detail);

        // The same events as structured log lines, for whatever collects the logs.
        var auditLines = _logs.Lines.Where(l => l.StartsWith("Pickup.Audit Information: ", StringComparison.Ordinal)).ToList();
        Assert.Contains(auditLines, l => l.Contains("Type=login.succeeded", StringComparison.Ordinal) && l.Contains("ClientId=pickup-dispatch", StringComparison.Ordinal));
        Assert.Contains(auditLines, l => l.Contains("Type=code.sent", StringComparison.Ordinal) && l.Contains($"UserId={alexId}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_WrongPassword_AuditsLoginFailedPasswordForAlexFromTheBrowsersAddress()
    {
        var alexId = await AlexIdAsync();
        using var browser = new BrowserSession(_engine.BaseUrl);
        var client = new OidcTestClient(browser, _home.CallbackUrl);

        var page = await ScenarioTest.SignInAsync(browser, client, "not-alex-password");

        Assert.Equal("/authenticationendpoint/login", page.RequestMessage!.RequestUri!.AbsolutePath);
        var failed = Assert.Single(await TailAsync(50), e => e.Type == AuditEventTypes.LoginFailed);
        Assert.Equal((alexId, "alex", "127.0.0.1", "password"), (failed.UserId, failed.Username, failed.RemoteAddress, failed.Detail));
        Assert.Empty(_vonage.Messages);
    }

    [Fact]
    public async Task Login_WithWrongPasswordAndWrongCode_NeitherLogNorTrailHoldsACodeOrAPassword()
    {
        using (var browser = new BrowserSession(_engine.BaseUrl))
        {
            await ScenarioTest.SignInAsync(browser, new OidcTestClient(browser, _home.CallbackUrl), "wrong-pw-Xk29#");
        }

        var (code, wrong) = await LogInAsync(withWrongCodeFirst: true);

        var events = await TailAsync(100);
        Assert.Contains(events, e => e.Type == AuditEventTypes.LoginFailed && e.Detail == "code");
        var trail = string.Join('\n', events.Select(e => $"{e.UserId} {e.Username} {e.ClientId} {e.RemoteAddress} {e.Detail}"));
        string[] secrets = [Password, "wrong-pw-Xk29#", code, wrong, TestHome.ClientSecret];
        Assert.All(secrets, secret =>
        {
            Assert.DoesNotContain(secret, _logs.AllText, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, trail, StringComparison.Ordinal);
        });
        Assert.Contains("Pickup.Audit", _logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditTail_AfterALogin_PrintsTheNewestEventsOldestFirstOnePerLine()
    {
        await LogInAsync();

        // The engine stores audit rows a moment after each event; another process reads only what is stored.
        await ((DatabaseAuditLog)_engine.App.Services.GetRequiredService<IAuditLog>()).FlushAsync(CancellationToken.None);
        var (exitCode, stdout, stderr) = await PickupCli.RunAsync(null, "--home", _home.Directory, "audit", "tail", "-n", "4");
        var all = await PickupCli.RunAsync(null, "audit", "tail", "--home", _home.Directory);

        Assert.True(exitCode == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ code\.sent +alex - 127\.0\.0\.1 to \*{7}8888 via nexmo$", lines[0]);
        Assert.Matches(@"^\S+ code\.verified +alex pickup-dispatch 127\.0\.0\.1 -$", lines[1]);
        Assert.Matches(@"^\S+ login\.succeeded +alex pickup-dispatch 127\.0\.0\.1 basic\+sms_otp$", lines[2]);
        Assert.Matches(@"^\S+ sso\.created +alex pickup-dispatch 127\.0\.0\.1 [\w-]{22}: basic\+sms_otp$", lines[3]);
        Assert.Equal(0, all.ExitCode);
        var everything = all.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(" config.loaded ", everything[0], StringComparison.Ordinal);
        Assert.Contains(everything, l => l.Contains(" user.created ", StringComparison.Ordinal) && l.Contains(" alex ", StringComparison.Ordinal));
        Assert.Equal(lines, everything[^4..]);
    }

    [Fact]
    public async Task AuditTail_BadCount_IsAUsageError()
    {
        var (exitCode, _, stderr) = await PickupCli.RunAsync(null, "--home", _home.Directory, "audit", "tail", "-n", "lots");

        Assert.Equal(2, exitCode);
        Assert.Contains("usage: pickup audit tail", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AfterAConfFileChanged_ConfigLoadedNamesThatFile()
    {
        await _engine.DisposeAsync();
        _home.Append("conf/deployment.toml", "\n# tuned by the admin\n");
        _engine = await EngineServer.StartAsync(_home, configureServices: LogCapture.Into(_logs));

        var loads = await TailAsync(50, AuditEventTypes.ConfigLoaded);

        Assert.Equal(2, loads.Count);
        Assert.Contains("changed: first recorded load | ", loads[0].Detail, StringComparison.Ordinal);
        Assert.Contains("changed: deployment.toml | ", loads[1].Detail, StringComparison.Ordinal);
        Assert.NotEqual(loads[0].Detail![..71], loads[1].Detail![..71]);
    }

    /// <summary>A whole login as Alex; returns the code that worked and, when asked, the wrong one typed first.</summary>
    private async Task<(string Code, string Wrong)> LogInAsync(bool withWrongCodeFirst = false)
    {
        using var browser = new BrowserSession(_engine.BaseUrl);
        var client = new OidcTestClient(browser, _home.CallbackUrl);
        var codePage = await ScenarioTest.SignInAsync(browser, client, Password);
        await _vonage.WaitForMessageAsync(AlexMobile, TimeSpan.FromSeconds(10));
        var code = _vonage.LatestCode(AlexMobile);
        var wrong = code == "314159" ? "271828" : "314159";
        if (withWrongCodeFirst)
        {
            var retry = await browser.SubmitAsync(codePage, new Dictionary<string, string> { ["OTPcode"] = wrong });
            Assert.Equal(HttpStatusCode.SeeOther, retry.StatusCode);
            codePage = await browser.FollowAsync(retry);
        }

        var toApp = await ScenarioTest.SubmitCodeAsync(browser, codePage, code);
        Assert.False(string.IsNullOrEmpty(client.CodeFrom(toApp)));
        return (code, wrong);
    }

    private async Task<List<AuditEvent>> TailAsync(int count, string? type = null)
    {
        var audit = _engine.App.Services.GetRequiredService<IAuditLog>();
        return [.. type is null ? await audit.TailAsync(count, CancellationToken.None) : await audit.TailAsync(count, type, CancellationToken.None)];
    }

    private async Task<string> AlexIdAsync()
    {
        await using var scope = _engine.App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserAdministration>().FindAsync("alex", CancellationToken.None))!.Id;
    }
}
