using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pickup.IntegrationTests.Infrastructure;
using Pickup.Testing;

namespace Pickup.IntegrationTests.Configuration;

/// <summary>An admin's mistakes stop the engine with file:line:col messages, from the API and from the CLI.</summary>
public sealed class StartupValidationTests : IDisposable
{
    private readonly TestHome _home = new("http://127.0.0.1:1/sms/json?to=$ctx.num&text=$ctx.msg");

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Serve_InsecureBenchmarkHash_StartsButSaysSoAtCritical()
    {
        _home.Write("conf/deployment.toml", TestHome.Deployment(_home.Port)
            .Replace("memory_kib = 8192", "memory_kib = 8\ninsecure_benchmark_only = true", StringComparison.Ordinal));
        var logs = new CapturedLogs();

        await using var engine = await EngineServer.StartAsync(_home, configureServices: services => services.AddSingleton<ILoggerProvider>(logs));

        Assert.Contains(logs.Lines, line => line.Contains("Critical", StringComparison.Ordinal) && line.Contains("insecure_benchmark_only = true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfigCheck_ValidHome_ExitsZero()
    {
        var (exit, stdout, stderr) = await PickupCli.RunAsync(null, "config", "check", "--home", _home.Directory);
        Assert.True(exit == 0, stderr);
        Assert.Contains("valid", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigCheck_UnknownKeyAndWrongType_PrintFileLineColumnAndFail()
    {
        _home.Write("conf/deployment.toml", TestHome.Deployment(_home.Port).Replace("scheme = \"http\"", "scheme = \"http\"\nprot = 1\n", StringComparison.Ordinal)
            .Replace("iterations = 1", "iterations = \"two\"", StringComparison.Ordinal));

        var (exit, _, stderr) = await PickupCli.RunAsync(null, "--home", _home.Directory, "config", "check");

        Assert.NotEqual(0, exit);
        Assert.Matches(@"deployment\.toml:5:1: .*prot", stderr);
        Assert.Matches(@"deployment\.toml:\d+:\d+: .*iterations", stderr);
    }

    [Fact]
    public async Task Serve_EnabledAuthenticatorWithoutPlugin_StopsNamingTheFileLineAndExistingIds()
    {
        _home.Append("conf/deployment.toml", "\n[authentication.authenticator.fingerprint]\nname = \"Fingerprint\"\nenable = true\n");

        var (exit, _, stderr) = await PickupCli.RunAsync(null, "serve", "--home", _home.Directory);

        Assert.NotEqual(0, exit);
        Assert.Matches(@"deployment\.toml:\d+:\d+: no plugin provides authenticator 'fingerprint'", stderr);
        Assert.Contains("basic", stderr, StringComparison.Ordinal);
        Assert.Contains("sms_otp", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_MissingEnvironmentVariable_IsAnErrorNamingTheVariable()
    {
        _home.Write("conf/identity-providers/SMSOTP.toml", TestHome.IdentityProvider("http://127.0.0.1:1/sms/json?api_key=${env:PICKUP_TEST_UNSET_KEY}&to=$ctx.num&text=$ctx.msg"));

        var result = await EngineServer.BuildAsync(_home);

        Assert.Null(result.App);
        var error = Assert.Single(result.Errors);
        Assert.Contains("SMSOTP.toml", error.Location.File, StringComparison.Ordinal);
        Assert.Contains("PICKUP_TEST_UNSET_KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_SmsProviderWithoutPlugin_IsAnErrorListingTheProvidersThatExist()
    {
        _home.Write("conf/identity-providers/SMSOTP.toml", TestHome.IdentityProvider("http://127.0.0.1:1/x").Replace("\"nexmo\"", "\"twilio\"", StringComparison.Ordinal));

        var result = await EngineServer.BuildAsync(_home);

        Assert.Null(result.App);
        var error = Assert.Single(result.Errors);
        Assert.Contains("'twilio'", error.Message, StringComparison.Ordinal);
        Assert.Contains("nexmo", error.Message, StringComparison.Ordinal);
        Assert.Contains("outbox", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Location.Line);
    }

    [Fact]
    public async Task Build_OutboxProviderOffLoopback_IsRefusedAtTheProviderKey()
    {
        _home.Write("conf/identity-providers/SMSOTP.toml", TestHome.IdentityProvider("http://127.0.0.1:1/x")
            .Replace("provider = \"nexmo\"", "provider = \"outbox\"", StringComparison.Ordinal));
        _home.Write("conf/deployment.toml", TestHome.Deployment(_home.Port).Replace("scheme = \"http\"", "scheme = \"https\"\nbind = \"0.0.0.0\"\ntrusted_proxies = [\"10.0.0.0/8\"]", StringComparison.Ordinal));

        var result = await EngineServer.BuildAsync(_home);

        Assert.Null(result.App);
        Assert.Contains(result.Errors, e => e.Location.File.EndsWith("SMSOTP.toml", StringComparison.Ordinal)
            && e.Message.Contains("outbox SMS provider is for development only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfigCheck_BadSmsLimit_IsReportedByThePluginAtTheKey()
    {
        _home.Write("conf/deployment.toml", TestHome.Deployment(_home.Port).Replace("per_ip = 0\n", "per_ip = -1\n", StringComparison.Ordinal));

        var (exit, _, stderr) = await PickupCli.RunAsync(null, "config", "check", "--home", _home.Directory);

        Assert.NotEqual(0, exit);
        Assert.Matches(@"deployment\.toml:\d+:1: 'per_ip' in \[security\.sms_limits\] must be 0 \(off\) or more, not -1", stderr);
    }
}
