using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Pickup.Core.Auditing;
using Pickup.Core.Flow;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;
using Pickup.Testing;

namespace Pickup.IntegrationTests.Configuration;

/// <summary>
/// An administrator edits the files of a running engine: the edit is picked up from the file system (no call into the
/// engine), new logins use it, a login in progress finishes as it began, and a broken or restart-only edit changes
/// nothing but is logged and audited.
/// </summary>
public sealed partial class LiveReloadTests : IAsyncLifetime
{
    private const string Deployment = "conf/deployment.toml";

    // The bound: an edit takes effect within 5 s.
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(5);

    private readonly CapturedLogs _logs = new();
    private FakeVonageServer _vonage = null!;
    private TestHome _home = null!;
    private EngineServer _engine = null!;

    public async Task InitializeAsync()
    {
        _vonage = await FakeVonageServer.StartAsync();
        _home = new TestHome(_vonage.SmsUrl());
        _engine = await EngineServer.StartAsync(_home, configureServices: LogCapture.Into(_logs));
        await _engine.AddDriverAsync();
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _vonage.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task TokenLengthEdit_NextLoginGetsACodeOfTheNewLength()
    {
        await LogInAsync(codeLength: 6);

        var before = Live.Current.Id;
        // The parameters table is the file's last: the new key lands in it.
        _home.Append(Deployment, "TokenLength = 8\n");
        await WaitForNewConfigurationAsync(before);

        await LogInAsync(codeLength: 8);
        var reloaded = await TailAsync(AuditEventTypes.ConfigReloaded);
        Assert.Contains("deployment.toml", Assert.Single(reloaded).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginInProgressAcrossAReload_FinishesWithTheCodeItWasSent()
    {
        using var browser = new BrowserSession(_engine.BaseUrl);
        var client = new OidcTestClient(browser, _home.CallbackUrl);
        var codePage = await ScenarioTest.SignInAsync(browser, client);
        await _vonage.WaitForMessageAsync(ScenarioTest.AlexMobile, TimeSpan.FromSeconds(10));
        var sixDigits = CodeOfLength(LatestMessage(), 6);

        var before = Live.Current.Id;
        _home.Append(Deployment, "TokenLength = 8\n");
        await WaitForNewConfigurationAsync(before);

        // The page is rendered again and the code checked under the configuration the login started with.
        var again = await browser.GetAsync(codePage.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var done = await ScenarioTest.SubmitCodeAsync(browser, again, sixDigits);
        Assert.False(string.IsNullOrEmpty(client.CodeFrom(done)), "the login that began before the reload reaches the app");

        // A login begun now uses the new length.
        await LogInAsync(codeLength: 8);
    }

    [Fact]
    public async Task BrokenEdit_ChangesNothing_IsLoggedWithItsLocationAndAudited()
    {
        var before = Live.Current.Id;
        var lines = File.ReadAllLines(_home.FilePath(Deployment)).Length;
        _home.Append(Deployment, "TokenLength = \"eight\"\n");

        var rejected = await WaitForAuditAsync(AuditEventTypes.ConfigRejected);
        Assert.Contains("TokenLength", rejected.Detail, StringComparison.Ordinal);
        Assert.Equal(before, Live.Current.Id);
        Assert.Contains(_logs.Lines, l => l.Contains($"deployment.toml:{lines + 1}:", StringComparison.Ordinal) && l.Contains("TokenLength", StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, l => l.Contains("keeps serving the configuration it had", StringComparison.Ordinal));

        // Logins go on with the values they had.
        await LogInAsync(codeLength: 6);
    }

    [Fact]
    public async Task RestartOnlyEdit_IsRefusedWithTheSentenceThatARestartIsNeeded()
    {
        var before = Live.Current.Id;
        var text = File.ReadAllText(_home.FilePath(Deployment));
        _home.Write(Deployment, text.Replace("[database]", "[session]\nsso_idle_seconds = 60\n\n[database]", StringComparison.Ordinal));

        var rejected = await WaitForAuditAsync(AuditEventTypes.ConfigRejected);
        Assert.Contains("[session] changed", rejected.Detail, StringComparison.Ordinal);
        Assert.Contains("restart the engine", rejected.Detail, StringComparison.Ordinal);
        Assert.Equal(before, Live.Current.Id);
        await LogInAsync(codeLength: 6);
    }

    [Fact]
    public async Task ServiceProviderEdit_NewLoginsUseTheNewSteps()
    {
        var before = Live.Current.Id;
        var file = Directory.GetFiles(_home.FilePath("conf/service-providers"), "*.toml").Single();
        var text = File.ReadAllText(file);
        var oneStep = text[..text.IndexOf("[[authentication.steps]]", StringComparison.Ordinal)] + """
            [[authentication.steps]]
            use_subject = true
            use_attributes = true
            options = [{ authenticator = "basic" }]
            """;
        File.WriteAllText(file, oneStep);
        await WaitForNewConfigurationAsync(before);

        using var browser = new BrowserSession(_engine.BaseUrl);
        var client = new OidcTestClient(browser, _home.CallbackUrl);
        var afterPassword = await ScenarioTest.SignInAsync(browser, client);
        Assert.False(string.IsNullOrEmpty(client.CodeFrom(afterPassword)), "with one step, the password alone reaches the app");
        Assert.Empty(_vonage.Messages);
    }

    private LiveConfiguration Live => _engine.App.Services.GetRequiredService<LiveConfiguration>();

    private async Task WaitForNewConfigurationAsync(string before)
    {
        var deadline = DateTime.UtcNow + Within;
        while (Live.Current.Id == before)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the edit was not in use within {Within.TotalSeconds} s:\n{_logs.AllText}");
            await Task.Delay(50);
        }
    }

    private async Task<AuditEvent> WaitForAuditAsync(string type)
    {
        var deadline = DateTime.UtcNow + Within;
        while (true)
        {
            if (await TailAsync(type) is [var found, ..])
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no {type} within {Within.TotalSeconds} s:\n{_logs.AllText}");
            await Task.Delay(50);
        }
    }

    private async Task<IReadOnlyList<AuditEvent>> TailAsync(string type)
    {
        await using var scope = _engine.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IAuditLog>().TailAsync(10, type, CancellationToken.None);
    }

    // A whole login; the code Alex gets has codeLength digits.
    private async Task LogInAsync(int codeLength)
    {
        var sent = _vonage.Messages.Count;
        using var browser = new BrowserSession(_engine.BaseUrl);
        var client = new OidcTestClient(browser, _home.CallbackUrl);
        var codePage = await ScenarioTest.SignInAsync(browser, client);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_vonage.Messages.Count == sent)
        {
            Assert.True(DateTime.UtcNow < deadline, "no SMS was sent");
            await Task.Delay(50);
        }

        var code = CodeOfLength(LatestMessage(), codeLength);
        var done = await ScenarioTest.SubmitCodeAsync(browser, codePage, code);
        Assert.False(string.IsNullOrEmpty(client.CodeFrom(done)), "the login reaches the app");
    }

    private string LatestMessage() => _vonage.Messages.Last(m => m.To == ScenarioTest.AlexMobile).Text;

    private static string CodeOfLength(string text, int length)
    {
        var words = DigitWord().Matches(text).Select(m => m.Value).ToList();
        return Assert.Single(words, w => w.Length == length);
    }

    [GeneratedRegex("(?<![0-9A-Za-z])[0-9]+(?![0-9A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex DigitWord();
}
