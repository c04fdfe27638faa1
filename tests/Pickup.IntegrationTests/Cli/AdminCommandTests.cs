using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Cli;

/// <summary>The admin's command line against a real home: users, roles, plugins.</summary>
public sealed class AdminCommandTests : IDisposable
{
    private readonly TestHome _home = new("http://127.0.0.1:1/sms/json?to=$ctx.num&text=$ctx.msg");

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task UsersAndRoles_TheScenariosAdminSteps_CreateAlexWithANormalisedMobile()
    {
        var role = await PickupCli.RunAsync(null, "--home", _home.Directory, "roles", "add", "driver", "--permission", "login");
        Assert.True(role.ExitCode == 0, role.Stderr);

        var add = await PickupCli.RunAsync("s3cret-pass\n", "users", "add", "alex", "--password-stdin", "--role", "driver", "--claim", "http://wso2.org/claims/mobile=+94 77 888 8888", "--home", _home.Directory);
        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.DoesNotContain("s3cret-pass", add.Stdout + add.Stderr, StringComparison.Ordinal);

        var show = await PickupCli.RunAsync(null, "users", "show", "alex", "--home", _home.Directory);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("94778888888", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("driver", show.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("argon2id", show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersAdd_NameThatExists_FailsWithAClearMessage()
    {
        Assert.Equal(0, (await PickupCli.RunAsync("pw\n", "--home", _home.Directory, "users", "add", "alex", "--password-stdin")).ExitCode);

        var again = await PickupCli.RunAsync("pw\n", "--home", _home.Directory, "users", "add", "ALEX", "--password-stdin");

        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("already exists", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersBackupCodes_PrintsOneFreshCodePerLine()
    {
        Assert.Equal(0, (await PickupCli.RunAsync("pw\n", "--home", _home.Directory, "users", "add", "alex", "--password-stdin")).ExitCode);

        var codes = await PickupCli.RunAsync(null, "--home", _home.Directory, "users", "backup-codes", "alex");

        Assert.Equal(0, codes.ExitCode);
        var lines = codes.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(10, lines.Length);
        Assert.All(lines, line => Assert.Matches("^[0-9]{8}$", line));
        Assert.Equal(10, lines.Distinct().Count());
    }

    [Fact]
    public async Task UsersBackupCodes_ThenShow_CountsThemAsCredentialsWithoutPrintingThem()
    {
        Assert.Equal(0, (await PickupCli.RunAsync("pw\n", "--home", _home.Directory, "users", "add", "alex", "--password-stdin")).ExitCode);
        var codes = await PickupCli.RunAsync(null, "--home", _home.Directory, "users", "backup-codes", "alex");
        Assert.Contains("10 single-use backup codes for 'alex'", codes.Stderr, StringComparison.Ordinal);

        var show = await PickupCli.RunAsync(null, "--home", _home.Directory, "users", "show", "alex");

        Assert.True(show.ExitCode == 0, show.Stderr);
        Assert.Contains("credentials:\n  backup-code: 10 (never used)", show.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var first = codes.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        Assert.DoesNotContain(first, show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersBackupCodes_NoNameOrUnknownUser_UsageErrorOrRefusal()
    {
        var missing = await PickupCli.RunAsync(null, "--home", _home.Directory, "users", "backup-codes");
        var unknown = await PickupCli.RunAsync(null, "--home", _home.Directory, "users", "backup-codes", "nobody");

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("pickup users backup-codes: the user name is missing.", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("usage: pickup users backup-codes NAME", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal((1, string.Empty), (unknown.ExitCode, unknown.Stdout));
        Assert.Contains("error: There is no user named 'nobody'.", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpAndUnknownUsersCommand_ListThePluginsCommands()
    {
        var help = await PickupCli.RunAsync(null, "--home", _home.Directory, "help");
        var unknown = await PickupCli.RunAsync(null, "--home", _home.Directory, "users", "frobnicate", "alex");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("  users backup-codes NAME", help.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("pickup users: unknown sub-command 'frobnicate'.", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("pickup users add NAME", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("pickup users backup-codes NAME", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PluginsList_ShowsTheShippedPluginsAndWhatIsEnabled()
    {
        var list = await PickupCli.RunAsync(null, "plugins", "list", "--home", _home.Directory);

        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Contains("Pickup.Plugins.Basic", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("authenticator basic: enabled", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("authenticator sms_otp: enabled", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("provides nexmo: in use", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_PrintsUsageAndExitsTwo()
    {
        var result = await PickupCli.RunAsync(null, "frobnicate", "--home", _home.Directory);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage: pickup", result.Stderr, StringComparison.Ordinal);
    }
}
