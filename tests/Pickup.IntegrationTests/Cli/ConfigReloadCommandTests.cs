using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Cli;

/// <summary>
/// <c>pickup config reload</c> against an engine started as an admin starts it (<c>pickup serve</c>, its own process):
/// the command finds it, asks it, and prints its answer.
/// </summary>
public sealed class ConfigReloadCommandTests : IAsyncLifetime
{
    private FakeVonageServer _vonage = null!;
    private TestHome _home = null!;

    public async Task InitializeAsync()
    {
        _vonage = await FakeVonageServer.StartAsync();
        _home = new TestHome(_vonage.SmsUrl());
    }

    public async Task DisposeAsync()
    {
        await _vonage.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task ConfigReload_NoEngineRunning_SaysSoAndFails()
    {
        var (exitCode, _, stderr) = await PickupCli.RunAsync(null, "--home", _home.Directory, "config", "reload");

        Assert.Equal(1, exitCode);
        Assert.Contains("no engine is serving", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigReload_ValidThenBrokenEdit_ReportsReloadedThenEveryProblem_AndTheEngineKeepsServing()
    {
        await using var engine = await EngineProcess.StartAsync(_home);

        var (exitCode, stdout, stderr) = await PickupCli.RunAsync(null, "--home", _home.Directory, "config", "reload");
        Assert.True(exitCode == 0, stdout + stderr + engine.Output);
        Assert.Contains("configuration reloaded", stdout, StringComparison.Ordinal);

        var lines = File.ReadAllLines(_home.FilePath("conf/deployment.toml")).Length;
        _home.Append("conf/deployment.toml", "TokenLength = \"eight\"\nTokenExpiryTime = 5\nRetryEnabel = true\n");
        (exitCode, stdout, stderr) = await PickupCli.RunAsync(null, "--home", _home.Directory, "config", "reload");

        Assert.True(exitCode == 1, stdout + stderr + engine.Output);
        Assert.Contains("refused", stderr, StringComparison.Ordinal);
        Assert.Contains($"deployment.toml:{lines + 1}:", stderr, StringComparison.Ordinal);
        Assert.Contains($"deployment.toml:{lines + 2}:", stderr, StringComparison.Ordinal);
        Assert.Contains($"deployment.toml:{lines + 3}:1: unknown key 'RetryEnabel'; did you mean 'RetryEnable'?", stderr, StringComparison.Ordinal);
        // One line per problem, each with its place (a message holding "; " is not cut in two).
        Assert.All(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1), line => Assert.Matches(@"^\S+:\d+:\d+: ", line));
        using var http = new HttpClient();
        Assert.True((await http.GetAsync(new Uri(engine.BaseUrl, "health"))).IsSuccessStatusCode);
        Assert.Contains("keeps serving the configuration it had", engine.Output, StringComparison.Ordinal);
    }
}
