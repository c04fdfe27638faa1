using Microsoft.Extensions.DependencyInjection;
using Pickup.Abstractions.Commands;
using Pickup.Core.Plugins;
using Pickup.Data.Users;

namespace Pickup.IntegrationTests.Infrastructure;

/// <summary>The SMS OTP plugin's backup codes, as an administrator issues and sees them.</summary>
internal static class BackupCodeCommand
{
    public const string CredentialType = "backup-code";

    /// <summary>
    /// Runs the command the SMS OTP plugin contributes (<c>pickup users backup-codes NAME</c>) inside a running engine,
    /// with its services, and returns the codes it printed.
    /// </summary>
    public static async Task<IReadOnlyList<string>> IssueAsync(IServiceProvider engineServices, string username)
    {
        var command = engineServices.GetRequiredService<PluginContributionRegistry>().FindCommand("users", "backup-codes")
            ?? throw new InvalidOperationException("no plugin contributes 'pickup users backup-codes'");
        await using var scope = engineServices.CreateAsyncScope();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var status = await command.Value.RunAsync(new CommandContext
        {
            Arguments = [username],
            Services = scope.ServiceProvider,
            Input = TextReader.Null,
            Output = stdout,
            Error = stderr,
        }, CancellationToken.None);
        Assert.True(status == 0, stderr.ToString());
        return stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>How many backup codes the user has left, as <c>pickup users show</c> counts them.</summary>
    public static int UnusedBackupCodes(this UserDetails user) =>
        user.Credentials.FirstOrDefault(c => c.Type == CredentialType)?.Count ?? 0;
}
