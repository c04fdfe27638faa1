using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Pickup.Abstractions.Auditing;
using Pickup.Abstractions.Commands;
using Pickup.Abstractions.Credentials;
using Pickup.Abstractions.Users;

namespace Contoso.Pin;

/// <summary>
/// <c>pickup users contoso-pin-set NAME [--pin-stdin]</c>: gives a user a new PIN, replacing the old one. Without
/// <c>--pin-stdin</c> a random 6-digit PIN is made and printed once; only its hash is kept.
/// </summary>
public sealed class SetPinCommand : PickupCommand
{
    private const int GeneratedDigits = 6;
    private const int MinLength = 4;

    /// <inheritdoc />
    public override string Group => "users";

    /// <inheritdoc />
    public override string Name => "contoso-pin-set";

    /// <inheritdoc />
    public override string Usage => "pickup users contoso-pin-set NAME [--pin-stdin]";

    /// <inheritdoc />
    public override async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var fromStdin = context.Arguments.Contains("--pin-stdin");
        var names = context.Arguments.Where(a => a != "--pin-stdin").ToList();
        if (names.Count != 1 || names[0].StartsWith('-'))
        {
            throw new CommandUsageException("give one user name");
        }

        var users = context.Services.GetRequiredService<IUserDirectory>();
        var user = await users.FindByUsernameAsync(names[0], cancellationToken);
        if (user is null)
        {
            await context.Error.WriteLineAsync($"error: no user is named '{names[0]}'.");
            return 1;
        }

        string pin;
        if (fromStdin)
        {
            pin = (await context.Input.ReadLineAsync(cancellationToken))?.Trim() ?? string.Empty;
            if (pin.Length < MinLength || pin.Length > PinNames.MaxPinLength || !pin.All(char.IsAsciiDigit))
            {
                await context.Error.WriteLineAsync($"error: a PIN is {MinLength} to {PinNames.MaxPinLength} digits.");
                return 1;
            }
        }
        else
        {
            pin = RandomNumberGenerator.GetInt32(0, (int)Math.Pow(10, GeneratedDigits)).ToString("D" + GeneratedDigits, CultureInfo.InvariantCulture);
        }

        var draft = new CredentialDraft { Type = PinNames.CredentialType, Secret = pin, SecretKind = CredentialSecretKind.Hashed, Label = "PIN" };
        await context.Services.GetRequiredService<ICredentialStore>().ReplaceAsync(user.Id, PinNames.CredentialType, [draft], cancellationToken);
        await context.Services.GetRequiredService<IAuditTrail>().WriteAsync(
            new AuditRecord(PinNames.PinSetEvent) { UserId = user.Id, Username = user.Username, Detail = fromStdin ? "chosen" : "generated" },
            cancellationToken);
        if (!fromStdin)
        {
            await context.Output.WriteLineAsync(pin);
            await context.Error.WriteLineAsync($"Give this PIN to {user.Username}; it is not shown again.");
        }

        return 0;
    }
}
