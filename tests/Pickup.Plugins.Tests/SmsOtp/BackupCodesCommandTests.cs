using Microsoft.Extensions.DependencyInjection;
using Pickup.Abstractions.Auditing;
using Pickup.Abstractions.Commands;
using Pickup.Abstractions.Credentials;
using Pickup.Abstractions.Plugins;
using Pickup.Abstractions.Users;
using Pickup.Plugins.SmsOtp;
using Pickup.Plugins.SmsOtp.BackupCodes;

namespace Pickup.Plugins.Tests.SmsOtp;

/// <summary><c>pickup users backup-codes NAME</c>, the command the plugin contributes, and what it declares.</summary>
public sealed class BackupCodesCommandTests
{
    [Fact]
    public void Describe_DeclaresTheCredentialTypeTheAuditEventAndTheCommand()
    {
        var contributions = new PluginContributions();

        new SmsOtpPlugin().Describe(contributions);

        Assert.Contains(contributions.CredentialTypes, c => c.Type == "backup-code");
        Assert.Contains(contributions.AuditEvents, a => a.Type == "user.backup_codes.issued");
        var command = Assert.Single(contributions.Commands, c => c.Name == "backup-codes");
        Assert.Equal(("users", "pickup users backup-codes NAME"), (command.Group, command.Usage));
    }

    [Fact]
    public async Task Run_KnownUser_PrintsTenFreshCodesThatEachWorkOnce()
    {
        var world = new World();
        world.Credentials.AddBackupCodes(SmsOtpHarness.UserId, "11111111");

        var (status, stdout, stderr) = await world.RunAsync("alex");

        Assert.Equal(0, status);
        var codes = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[0-9]{8}$", c));
        Assert.Contains("10 single-use backup codes for 'alex'", stderr, StringComparison.Ordinal);
        Assert.Equal(10, world.Credentials.Count(SmsOtpHarness.UserId, BackupCodeCredentials.Type));
        Assert.False(await BackupCodeCredentials.RedeemAsync(world.Credentials, SmsOtpHarness.UserId, "11111111", CancellationToken.None));
        Assert.True(await BackupCodeCredentials.RedeemAsync(world.Credentials, SmsOtpHarness.UserId, $"{codes[3][..4]} {codes[3][4..]}", CancellationToken.None));
        Assert.False(await BackupCodeCredentials.RedeemAsync(world.Credentials, SmsOtpHarness.UserId, codes[3], CancellationToken.None));
        var audit = Assert.Single(world.Audit);
        Assert.Equal(("user.backup_codes.issued", SmsOtpHarness.UserId, "alex", "10 codes"), (audit.Type, audit.UserId, audit.Username, audit.Detail));
    }

    [Fact]
    public async Task Run_UnknownUser_RefusedWithExitOneAndNoCodes()
    {
        var world = new World();

        var (status, stdout, stderr) = await world.RunAsync("nobody");

        Assert.Equal(1, status);
        Assert.Empty(stdout);
        Assert.Contains("There is no user named 'nobody'", stderr, StringComparison.Ordinal);
        Assert.Empty(world.Audit);
    }

    [Theory]
    [InlineData]
    [InlineData("alex", "extra")]
    public async Task Run_WrongWordCount_IsAUsageError(params string[] args)
    {
        var world = new World();

        await Assert.ThrowsAsync<CommandUsageException>(() => world.RunAsync(args));
        Assert.Equal(0, world.Credentials.Count(SmsOtpHarness.UserId, BackupCodeCredentials.Type));
    }

    private sealed class World : IAuditTrail
    {
        public World() => Directory.Add(SmsOtpHarness.UserId, "alex", new Dictionary<string, string>());

        public FakeUserDirectory Directory { get; } = new();

        public FakeCredentialStore Credentials { get; } = new();

        public List<AuditRecord> Audit { get; } = [];

        public Task WriteAsync(AuditRecord record, CancellationToken cancellationToken)
        {
            Audit.Add(record);
            return Task.CompletedTask;
        }

        public async Task<(int Status, string Stdout, string Stderr)> RunAsync(params string[] args)
        {
            await using var services = new ServiceCollection()
                .AddSingleton<IUserDirectory>(Directory)
                .AddSingleton<ICredentialStore>(Credentials)
                .AddSingleton<IAuditTrail>(this)
                .BuildServiceProvider();
            var contributions = new PluginContributions();
            new SmsOtpPlugin().Describe(contributions);
            var command = contributions.Commands.Single(c => c.Name == "backup-codes");
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var status = await command.RunAsync(new CommandContext { Arguments = args, Services = services, Input = TextReader.Null, Output = stdout, Error = stderr }, CancellationToken.None);
            return (status, stdout.ToString(), stderr.ToString());
        }
    }
}
