using Microsoft.Extensions.DependencyInjection;
using Pickup.Abstractions.Auditing;
using Pickup.Abstractions.Commands;
using Pickup.Abstractions.Credentials;
using Pickup.Abstractions.Users;
using Pickup.Plugins.Totp.Steps;

namespace Pickup.Plugins.Totp.Commands;

/// <summary>
/// <c>pickup users totp-reset NAME</c>: removes the user's authenticator app (a lost phone), audited as
/// <c>totp.reset</c>. With enrolment allowed, the user adds a new one at the next sign-in.
/// </summary>
public sealed class TotpResetCommand : PickupCommand
{
    /// <inheritdoc />
    public override string Group => "users";

    /// <inheritdoc />
    public override string Name => "totp-reset";

    /// <inheritdoc />
    public override string Usage => "pickup users totp-reset NAME";

    /// <inheritdoc />
    public override async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Arguments.Count != 1 || string.IsNullOrWhiteSpace(context.Arguments[0]))
        {
            throw new CommandUsageException("give exactly one username");
        }

        var username = context.Arguments[0];
        var user = await context.Services.GetRequiredService<IUserDirectory>().FindByUsernameAsync(username, cancellationToken);
        if (user is null)
        {
            await context.Error.WriteLineAsync($"No user '{username}'.");
            return 1;
        }

        var removed = await context.Services.GetRequiredService<ICredentialStore>().RemoveAllAsync(user.Id, TotpCredentials.Type, cancellationToken);
        if (removed == 0)
        {
            await context.Output.WriteLineAsync($"{user.Username} has no authenticator app; nothing removed.");
            return 0;
        }

        await context.Services.GetRequiredService<IAuditTrail>().WriteAsync(
            new AuditRecord(TotpPlugin.ResetEvent)
            {
                UserId = user.Id,
                Username = user.Username,
                Detail = "authenticator app removed by an administrator (pickup users totp-reset)",
            },
            cancellationToken);
        await context.Output.WriteLineAsync($"Removed {user.Username}'s authenticator app; they add a new one at their next sign-in (when enrolment is allowed).");
        return 0;
    }
}
