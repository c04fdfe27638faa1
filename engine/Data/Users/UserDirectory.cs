using Microsoft.EntityFrameworkCore;
using Pickup.Abstractions.Users;
using Pickup.Core.Auditing;
using Pickup.Core.Configuration;
using Pickup.Data.Passwords;

namespace Pickup.Data.Users;

/// <summary>The database-backed <see cref="IUserDirectory"/>.</summary>
/// <remarks>
/// Lifetime: per request (scoped). Password failures count towards the account's lock-out
/// (<see cref="AccountLockout"/>, <c>[security.login_limits]</c>), as do the failures other factors report. Each
/// counted failure is audited as <c>login.failed</c> (a wrong password is a retry, not the end of the attempt, so the
/// login flow never sees it), and a failure that locks the account also as <c>account.locked</c>.
/// <para>
/// Within one scope (one request) the user last read is remembered with the lock-out state read alongside: the
/// factors of one step ask for the same user, whether it is locked, and to reset its failures, and each of those was
/// a statement of its own (a third of a login's). Every write through this directory forgets it.
/// </para>
/// </remarks>
public sealed class UserDirectory(
    PickupDbContext db,
    Argon2idPasswordHasher hasher,
    AccountLockout lockout,
    BackupCodes backupCodes,
    LoginLimitsOptions limits,
    IAuditLog audit,
    UniqueClaims uniqueClaims) : IUserDirectory
{
    private static readonly PasswordCheck Failed = new(PasswordCheckStatus.Failed, null);

    // The user this scope read last, with the lock-out state as read then (after this scope's own reset, if any).
    private LoadedUser? _loaded;

    /// <inheritdoc />
    public async Task<PasswordCheck> VerifyPasswordAsync(string username, string password, CancellationToken cancellationToken)
    {
        var user = NameNormalizer.Problem(username, "username") is null && !string.IsNullOrEmpty(password)
            ? await UserQueries.ByNormalizedUsername(db, NameNormalizer.Normalize(username), cancellationToken)
            : null;

        // An unknown user (or an empty password) costs one Argon2id run too, so response time does not reveal
        // which usernames exist.
        if (user is null)
        {
            hasher.VerifyAgainstDummy(password ?? string.Empty);

            // Without the typed name: people type their password into the username field, and it is no account's.
            var why = string.IsNullOrEmpty(password) ? "password: empty" : "password: unknown user";
            await audit.WriteAsync(new AuditEvent(AuditEventTypes.LoginFailed) { Detail = why }, cancellationToken);
            return Failed;
        }

        if (lockout.LockedUntil(user.LockoutUntil) is not null)
        {
            // Same cost as a real check, so a locked account cannot be told apart by timing either.
            hasher.VerifyAgainstDummy(password!);
            await audit.WriteAsync(
                new AuditEvent(AuditEventTypes.LoginFailed) { UserId = user.Id, Username = user.Username, Detail = "password: account locked" },
                cancellationToken);
            return new PasswordCheck(PasswordCheckStatus.Locked, null);
        }

        if (!hasher.Verify(password!, user.PasswordHash))
        {
            await RecordFailureAsync(user.Id, user.Username, "password", cancellationToken);
            return Failed;
        }

        // Nothing to reset in the usual case, and SQLite takes its write lock even for an update that changes no row.
        _loaded = null;
        if (user.FailedAttempts != 0 || user.LockoutUntil is not null)
        {
            await lockout.ResetAsync(user.Id, cancellationToken);
        }

        // The configured cost changed since this hash was made: the plain password is at hand only now.
        if (hasher.NeedsRehash(user.PasswordHash))
        {
            user.PasswordHash = hasher.Hash(password!);
            await db.SaveChangesAsync(cancellationToken);
        }

        // The user was read a moment ago; a deletion in between is a failed check, not a half-loaded user.
        var loaded = await LoadAsync(user.Id, cancellationToken);
        return loaded is null ? Failed : new PasswordCheck(PasswordCheckStatus.Succeeded, loaded.User);
    }

    /// <inheritdoc />
    /// <remarks>Read once per scope: a second call for the same user returns what the first read.</remarks>
    public async Task<DirectoryUser?> FindByIdAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return (Remembered(userId) ?? await LoadAsync(userId, cancellationToken))?.User;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The mobile claim is normalised to country code and number, digits only; an empty value removes the claim.
    /// </remarks>
    /// <exception cref="ArgumentException">The value is invalid, e.g. not a possible phone number (the message says why).</exception>
    /// <exception cref="InvalidOperationException">No user has this id.</exception>
    /// <exception cref="ClaimValueTakenException">The claim is unique and another user holds the value (also when one won a race).</exception>
    public async Task SetClaimAsync(string userId, string claimUri, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(claimUri);
        ArgumentNullException.ThrowIfNull(value);
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            throw new InvalidOperationException($"No user has the id '{userId}'.");
        }

        _loaded = null;
        await ClaimStore.SetAsync(db, uniqueClaims, userId, claimUri, value, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (uniqueClaims.Contains(claimUri))
        {
            // Another request saved the same value between the check and this write: the unique index refused ours.
            // The refused row must not stay tracked, or this request's next save would try it again.
            db.ChangeTracker.Clear();
            if (ClaimValues.TryNormalize(claimUri, value) is { } normalized
                && await ClaimStore.HolderOfAsync(db, userId, claimUri, normalized, cancellationToken) is not null)
            {
                throw ClaimValueTakenException.For(claimUri, exception);
            }

            throw;
        }

        await audit.WriteAsync(ClaimStore.Changed(userId, null, claimUri, value), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> IsClaimValueTakenAsync(string userId, string claimUri, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(claimUri);
        ArgumentNullException.ThrowIfNull(value);
        return ClaimValues.TryNormalize(claimUri, value) is { } normalized
               && await ClaimStore.HolderOfAsync(db, userId, claimUri, normalized, cancellationToken) is not null;
    }

    /// <inheritdoc />
    public Task<bool> RedeemBackupCodeAsync(string userId, string code, CancellationToken cancellationToken) =>
        backupCodes.RedeemAsync(userId, code, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Answered from the user this scope just read, when it did.</remarks>
    public async Task<bool> IsLockedAsync(string userId, CancellationToken cancellationToken) =>
        Remembered(userId) is { } loaded
            ? lockout.LockedUntil(loaded.LockoutUntil) is not null
            : await lockout.GetLockedUntilAsync(userId, cancellationToken) is not null;

    /// <inheritdoc />
    /// <remarks>Audited as <c>login.failed</c> with detail <c>code</c>: the password is counted in <see cref="VerifyPasswordAsync"/>.</remarks>
    public async Task<bool> RecordFailedAttemptAsync(string userId, CancellationToken cancellationToken) =>
        await RecordFailureAsync(userId, null, "code", cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// Skipped when the user this scope just read had nothing to reset: SQLite takes its write lock even for an update
    /// that changes no row. A failure counted by another request since then is kept, as if it came after this success.
    /// </remarks>
    public async Task ResetFailedAttemptsAsync(string userId, CancellationToken cancellationToken)
    {
        if (Remembered(userId) is { IsClean: true })
        {
            return;
        }

        _loaded = null;
        await lockout.ResetAsync(userId, cancellationToken);
    }

    private LoadedUser? Remembered(string userId) => _loaded is { } loaded && loaded.User.Id == userId ? loaded : null;

    private async Task<LoadedUser?> LoadAsync(string userId, CancellationToken cancellationToken)
    {
        _loaded = await ClaimStore.LoadDirectoryUserAsync(db, userId, cancellationToken);
        return _loaded;
    }

    private async Task<bool> RecordFailureAsync(string userId, string? username, string factor, CancellationToken cancellationToken)
    {
        _loaded = null;
        var lockedUntil = await lockout.RecordFailureAsync(userId, limits, cancellationToken);
        await audit.WriteAsync(new AuditEvent(AuditEventTypes.LoginFailed) { UserId = userId, Username = username, Detail = factor }, cancellationToken);
        if (lockedUntil is { } until)
        {
            await audit.WriteAsync(
                new AuditEvent(AuditEventTypes.AccountLocked) { UserId = userId, Username = username, Detail = $"after a wrong {factor}, until {until:u}" },
                cancellationToken);
        }

        return lockedUntil is not null;
    }
}
