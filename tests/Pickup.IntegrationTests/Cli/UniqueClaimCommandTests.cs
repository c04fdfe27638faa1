using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Cli;

/// <summary>
/// The admin's side of unique claims: <c>users add</c> / <c>set-claim</c> refuse a number another user has, start-up
/// and the data commands refuse values users already share, and <c>config check</c> warns about a subject claim users
/// can set through a page.
/// </summary>
public sealed class UniqueClaimCommandTests : IDisposable
{
    private const string Mobile = "http://wso2.org/claims/mobile";
    private const string EmployeeId = "http://wso2.org/claims/employeeid";

    private readonly TestHome _home = new("http://127.0.0.1:1/sms/json?to=$ctx.num&text=$ctx.msg");

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task UsersAdd_MobileAnotherUserHas_FailsNamingTheClaimAndCreatesNobody()
    {
        await AddAsync("alex", $"{Mobile}=94778888888");

        var sam = await RunAsync("pw\n", "users", "add", "sam", "--password-stdin", "--claim", $"{Mobile}=+94 77 888 8888");

        Assert.Equal(1, sam.ExitCode);
        Assert.Contains(Mobile, sam.Stderr, StringComparison.Ordinal);
        Assert.Contains("'alex'", sam.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, (await RunAsync(null, "users", "show", "sam")).ExitCode);
    }

    [Fact]
    public async Task UsersSetClaim_MobileAnotherUserHas_FailsAndChangesNothing()
    {
        await AddAsync("alex", $"{Mobile}=94778888888");
        await AddAsync("sam", $"{Mobile}=94771234567");

        var set = await RunAsync(null, "users", "set-claim", "sam", $"{Mobile}=94778888888");

        Assert.Equal(1, set.ExitCode);
        Assert.Contains(Mobile, set.Stderr, StringComparison.Ordinal);
        Assert.Contains("94771234567", (await RunAsync(null, "users", "show", "sam")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubjectClaimUsersAlreadyShare_StartAndOtherCommandsRefuseNamingThem_SetClaimFixesIt()
    {
        // Before any service provider takes its sub from the employee id, two users may share one.
        await AddAsync("alex", $"{EmployeeId}=E-1");
        await AddAsync("sam", $"{EmployeeId}=E-1");
        _home.Write(
            "conf/service-providers/pickup-dispatch.toml",
            File.ReadAllText(_home.FilePath("conf/service-providers/pickup-dispatch.toml")).Replace(Mobile, EmployeeId, StringComparison.Ordinal));

        var serve = await RunAsync(null, "serve");
        Assert.NotEqual(0, serve.ExitCode);
        Assert.Matches($@"pickup-dispatch\.toml:\d+:\d+: {EmployeeId} must be unique among users, but users 'alex', 'sam'", serve.Stderr);
        Assert.Contains("the engine did not start", serve.Stderr, StringComparison.Ordinal);

        var add = await RunAsync("pw\n", "users", "add", "kim", "--password-stdin");
        Assert.Equal(1, add.ExitCode);
        Assert.Contains("'alex', 'sam'", add.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, (await RunAsync(null, "users", "show", "kim")).ExitCode);

        var fix = await RunAsync(null, "users", "set-claim", "sam", $"{EmployeeId}=E-2");
        Assert.True(fix.ExitCode == 0, fix.Stderr);

        var after = await RunAsync("pw\n", "users", "add", "kim", "--password-stdin", "--claim", $"{EmployeeId}=E-3");
        Assert.True(after.ExitCode == 0, after.Stderr);
        Assert.Empty(after.Stderr.Trim());
        var duplicate = await RunAsync(null, "users", "set-claim", "kim", $"{EmployeeId}=E-1");
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("'alex'", duplicate.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigCheck_SubjectIsTheCapturedMobile_WarnsAtTheSubjectClaimAndStillExitsZero()
    {
        var check = await RunAsync(null, "config", "check");

        Assert.True(check.ExitCode == 0, check.Stderr);
        Assert.Contains("configuration is valid", check.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"pickup-dispatch\.toml:\d+:\d+: warning: .*{Mobile}.*'sms_otp'", check.Stderr);
    }

    [Fact]
    public async Task ConfigCheck_CaptureOff_NoWarning()
    {
        _home.Write(
            "conf/deployment.toml",
            File.ReadAllText(_home.FilePath("conf/deployment.toml")).Replace("CaptureAndUpdateMobileNumber = true", "CaptureAndUpdateMobileNumber = false", StringComparison.Ordinal));

        var check = await RunAsync(null, "config", "check");

        Assert.True(check.ExitCode == 0, check.Stderr);
        Assert.DoesNotContain("warning", check.Stderr, StringComparison.Ordinal);
    }

    private async Task AddAsync(string name, string claim)
    {
        var added = await RunAsync("pw\n", "users", "add", name, "--password-stdin", "--claim", claim);
        Assert.True(added.ExitCode == 0, added.Stderr);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string? stdin, params string[] args) =>
        PickupCli.RunAsync(stdin, [.. args, "--home", _home.Directory]);
}
