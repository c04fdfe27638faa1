using System.Globalization;
using System.Security.Cryptography;
using Pickup.Abstractions.Credentials;

namespace Pickup.Plugins.SmsOtp.BackupCodes;

/// <summary>
/// Single-use backup codes (accepted in the code field when <c>BackupCode = true</c>): 8 random digits each, shown
/// once, kept in the engine's credential store as hashes (type <see cref="Type"/>), one batch per user.
/// </summary>
/// <remarks>
/// Stateless. A batch is stored with one <see cref="ICredentialStore.ReplaceAsync"/>, so its codes share one salt and
/// checking a typed code costs one slow hash however many are left; a redeemed code is removed, and of two requests
/// racing with the same code only the one whose removal took the row succeeds.
/// </remarks>
internal static class BackupCodeCredentials
{
    /// <summary>The credential type (declared in <see cref="SmsOtpPlugin.Describe"/>).</summary>
    public const string Type = "backup-code";

    /// <summary>Digits per code.</summary>
    public const int CodeLength = 8;

    /// <summary>How many codes <c>pickup users backup-codes</c> issues.</summary>
    public const int BatchSize = 10;

    /// <summary>Replaces the user's codes with <paramref name="count"/> fresh ones and returns them (the only time they exist in clear).</summary>
    public static async Task<IReadOnlyList<string>> IssueAsync(ICredentialStore store, string userId, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        while (codes.Count < count)
        {
            codes.Add(RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture));
        }

        await store.ReplaceAsync(userId, Type, [.. codes.Select(c => new CredentialDraft { Type = Type, Secret = c, SecretKind = CredentialSecretKind.Hashed })], cancellationToken);
        return [.. codes];
    }

    /// <summary>Uses up a code; true when it was one of the user's unused codes (it cannot be used again).</summary>
    /// <param name="store">The credential store of this request.</param>
    /// <param name="userId">The user who typed the code.</param>
    /// <param name="typed">What was typed; spaces and dashes are ignored.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    public static async Task<bool> RedeemAsync(ICredentialStore store, string userId, string? typed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var code = new string((typed ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        if (code.Length != CodeLength || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        return await store.FindBySecretAsync(userId, Type, code, cancellationToken) is { } match
               && await store.RemoveAsync(match.Id, cancellationToken);
    }
}
