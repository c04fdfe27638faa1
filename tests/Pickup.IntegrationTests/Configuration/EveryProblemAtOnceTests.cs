using System.Text.RegularExpressions;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Configuration;

/// <summary>
/// One run of <c>config check</c> (and of start-up) shows every mistake of every file: a problem in one table never
/// hides another's, whichever check finds it (the engine's loader, the plugin selection, a plugin's own parameters),
/// sorted by file and line, with a "did you mean" where one known name is close.
/// </summary>
public sealed partial class EveryProblemAtOnceTests : IDisposable
{
    private readonly TestHome _home = new("http://127.0.0.1:1/sms/json?to=$ctx.num&text=$ctx.msg");

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task ConfigCheck_ThreeProblemsInThreeTables_PrintsAllThreeInFileOrder()
    {
        // The issue's three: an authenticator table no plugin provides, a misspelt parameter, a wrong type.
        _home.Write("conf/deployment.toml", TestHome.Deployment(_home.Port)
            .Replace("RetryEnable = true", "RetryEnabel = true", StringComparison.Ordinal)
            .Replace("ResendEnable = true", "ResendEnable = \"yes\"", StringComparison.Ordinal)
            + "\n[authentication.authenticator.fingerprint]\nname = \"Fingerprint\"\nenable = true\n");

        var (exit, stdout, stderr) = await PickupCli.RunAsync(null, "--home", _home.Directory, "config", "check");

        Assert.True(exit == 1, $"exit {exit}\n{stdout}\n{stderr}");
        var problems = ProblemLines(stderr);
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Message.StartsWith("unknown key 'RetryEnabel'; did you mean 'RetryEnable'?", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message == "'ResendEnable' must be true or false");
        Assert.Contains(problems, p => p.Message.StartsWith("no plugin provides authenticator 'fingerprint'", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.EndsWith("deployment.toml", p.File, StringComparison.Ordinal));
        Assert.Equal(problems.OrderBy(p => p.Line).Select(p => p.Line), problems.Select(p => p.Line));
        Assert.Contains("3 problems in the configuration", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigCheck_ProblemsInEngineTablesPluginTablesAndTwoFiles_AreAllReportedSortedByFileAndLine()
    {
        // An engine value (the port), a plugin's parameter, and a service provider's misspelt key: three different
        // checks, two files. Before, the loader's problems stopped the run before any plugin read its parameters.
        _home.Write("conf/deployment.toml", TestHome.Deployment(_home.Port)
            .Replace($"port = {_home.Port}", "port = 70000", StringComparison.Ordinal)
            .Replace("RetryEnable = true", "RetryEnable = true\nTokenLenght = 8", StringComparison.Ordinal));
        var serviceProvider = Directory.EnumerateFiles(Path.Combine(_home.Directory, "conf", "service-providers"), "*.toml").Single();
        File.WriteAllText(serviceProvider, File.ReadAllText(serviceProvider).Replace("callback_urls", "callback_url", StringComparison.Ordinal));

        var (exit, stdout, stderr) = await PickupCli.RunAsync(null, "--home", _home.Directory, "config", "check");

        Assert.True(exit == 1, $"exit {exit}\n{stdout}\n{stderr}");
        var problems = ProblemLines(stderr);
        Assert.Contains(problems, p => p.File.EndsWith("deployment.toml", StringComparison.Ordinal) && p.Message.Contains("'port' in [server]", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.File.EndsWith("deployment.toml", StringComparison.Ordinal) && p.Message.StartsWith("unknown key 'TokenLenght'; did you mean 'TokenLength'?", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.File.EndsWith(Path.GetFileName(serviceProvider), StringComparison.Ordinal) && p.Message.Contains("did you mean 'callback_urls'?", StringComparison.Ordinal));
        var sorted = problems.OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ThenBy(p => p.Column).ToList();
        Assert.Equal(sorted, problems);
    }

    [Fact]
    public async Task Startup_ReportsTheSameProblemsAsConfigCheck_AndWritesNothing()
    {
        _home.Write("conf/deployment.toml", TestHome.Deployment(_home.Port)
            .Replace("iterations = 1", "iterations = \"two\"", StringComparison.Ordinal)
            .Replace("ResendEnable = true", "ResendEnable = \"yes\"", StringComparison.Ordinal));

        var result = await EngineServer.BuildAsync(_home);

        Assert.Null(result.App);
        Assert.Contains(result.Errors, e => e.Message.Contains("iterations", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Message == "'ResendEnable' must be true or false");
        // A broken configuration never initialises storage: no database, no keys.
        Assert.False(File.Exists(Path.Combine(_home.Directory, "data", "pickup.db")), "a refused start-up created the database");
    }

    [Fact]
    public async Task ConfigCheck_AMistypedStepAuthenticator_SuggestsTheConfiguredOne()
    {
        var serviceProvider = Directory.EnumerateFiles(Path.Combine(_home.Directory, "conf", "service-providers"), "*.toml").Single();
        File.WriteAllText(serviceProvider, File.ReadAllText(serviceProvider).Replace("authenticator = \"basic\"", "authenticator = \"basci\"", StringComparison.Ordinal));

        var (exit, _, stderr) = await PickupCli.RunAsync(null, "--home", _home.Directory, "config", "check");

        Assert.Equal(1, exit);
        Assert.Contains("uses authenticator 'basci'", stderr, StringComparison.Ordinal);
        Assert.Contains("did you mean 'basic'?", stderr, StringComparison.Ordinal);
    }

    private static List<Problem> ProblemLines(string stderr) =>
        [.. stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => ProblemLine().Match(line))
            .Where(m => m.Success)
            .Select(m => new Problem(m.Groups["file"].Value, int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups["col"].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups["message"].Value))];

    [GeneratedRegex(@"^(?<file>[^:]+\.toml):(?<line>\d+):(?<col>\d+): (?<message>.*)$")]
    private static partial Regex ProblemLine();

    private sealed record Problem(string File, int Line, int Column, string Message);
}
