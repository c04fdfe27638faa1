using Microsoft.Extensions.DependencyInjection;
using Pickup.Abstractions.Auditing;
using Pickup.Abstractions.Commands;
using Pickup.Abstractions.Credentials;
using Pickup.Abstractions.Users;

namespace Pickup.Plugins.SmsOtp.BackupCodes;

/// <summary>
/// <c>pickup users backup-codes NAME</c>: replaces the user's backup codes with 10 fresh ones, printed once on stdout,
/// one per line (so <c>&gt; codes.txt</c> captures exactly them), with a note on stderr.
/// </summary>
internal sealed class BackupCodesCommand : PickupCommand
{
    /// <summary>Audited when a batch replaced the user's codes (detail: how many).</summary>
    public const string IssuedEvent = "user.backup_codes.issued";

    /// <inheritdoc />
    public override string Group => "users";

    /// <inheritdoc />
    public override string Name => "backup-codes";

    /// <inheritdoc />
    public override string Usage => "pickup users backup-codes NAME";

    /// <inheritdoc />
    public override async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Arguments.Count != 1)
        {
            throw new CommandUsageException(context.Arguments.Count == 0 ? "the user name is missing." : $"unexpected '{context.Arguments[1]}'.");
        }

        var name = context.Arguments[0];
        var user = await context.Services.GetRequiredService<IUserDirectory>().FindByUsernameAsync(name, cancellationToken);
        if (user is null)
        {
            await context.Error.WriteLineAsync($"error: There is no user named '{name}'.");
            return 1;
        }

        var codes = await BackupCodeCredentials.IssueAsync(context.Services.GetRequiredService<ICredentialStore>(), user.Id, BackupCodeCredentials.BatchSize, cancellationToken);
        await context.Services.GetRequiredService<IAuditTrail>().WriteAsync(
            new AuditRecord(IssuedEvent) { UserId = user.Id, Username = user.Username, Detail = $"{codes.Count} codes" },
            cancellationToken);
        foreach (var code in codes)
        {
            await context.Output.WriteLineAsync(code);
        }

        await context.Error.WriteLineAsync($"{codes.Count} single-use backup codes for '{name}'. They are shown only now and replace any earlier codes.");
        return 0;
    }
}
