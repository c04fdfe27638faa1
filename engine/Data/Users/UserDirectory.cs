using Microsoft.EntityFrameworkCore;
using Pickup.Abstractions.Users;
using Pickup.Core.Auditing;
using Pickup.Core.Configuration;
using Pickup.Data.Entities;
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
/// a statement of its own. Every write through this directory forgets it.
/// </para>
/// </remarks>
public sealed class UserDirectory(
    PickupDbContext db,
    Argon2idPasswordHasher hasher,
    AccountLockout lockout,
    LoginLimitsOptions limits,
    IAuditLog audit,
    UniqueClaims uniqueClaims,
    LockoutMetrics metrics) : IUserDirectory
{
    private static readonly PasswordCheck Failed = new(PasswordCheckStatus.Failed, null);

    // The user this scope read last, with the lock-out state as read then (after this scope's own reset, if any).
    private LoadedUser? _loaded;

    /// <inheritdoc />
    /// <remarks>
    /// Every answer but a success costs the same: one read by name, one Argon2id run (against a dummy hash for an
    /// unknown name, or for a locked account whose attempts are spent), and the one counting statement of
    /// <see cref="AccountLockout"/> (against no row for an unknown name). The right password of a locked account is
    /// answered <see cref="PasswordCheckStatus.Locked"/> only while the lock-out still has attempts to count, and counts
    /// as one of them: otherwise guesses during a lock would be checked without limit.
    /// </remarks>
    public async Task<PasswordCheck> VerifyPasswordAsync(string username, string password, CancellationToken cancellationToken)
    {
        var user = NameNormalizer.Problem(username, "username") is null && !string.IsNullOrEmpty(password)
            ? await UserQueries.ByNormalizedUsername(db, NameNormalizer.Normalize(username), cancellationToken)
            : null;

        var lockedAtRead = user is not null && lockout.LockedUntil(user.LockoutUntil) is not null;
        var right = false;
        if (user is not null && !lockout.IsSpent(user.FailedAttempts, user.LockoutUntil, limits))
        {
            right = await hasher.VerifyAsync(password, user.PasswordHash, cancellationToken);
        }
        else
        {
            await hasher.VerifyAgainstDummyAsync(password ?? string.Empty, cancellationToken);
        }

        if (right && !lockedAtRead)
        {
            return await SucceedAsync(user!, password!, cancellationToken);
        }

        var counted = await lockout.RecordFailureAsync(user?.Id ?? AccountLockout.NoAccount, limits, cancellationToken, onlyWhileLocked: right);
        if (user is null)
        {
            // Without the typed name: people type their password into the username field, and it is no account's.
            var why = string.IsNullOrEmpty(password) ? "password: empty" : "password: unknown user";
            await audit.WriteAsync(new AuditEvent(AuditEventTypes.LoginFailed) { Detail = why }, cancellationToken);
            return Failed;
        }

        return await AnswerFailureAsync(user.Id, user.Username, right, counted, cancellationToken);
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
    /// A claim with a plugin's rule is normalised by it; an empty value removes the claim.
    /// </remarks>
    /// <exception cref="ArgumentException">The value is invalid: the claim's rule refused it (the message says why).</exception>
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
            if (ClaimValues.TryNormalize(uniqueClaims, claimUri, value) is { } normalized
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
        return ClaimValues.TryNormalize(uniqueClaims, claimUri, value) is { } normalized
               && await ClaimStore.HolderOfAsync(db, userId, claimUri, normalized, cancellationToken) is not null;
    }

    /// <inheritdoc />
    /// <remarks>Answered from the user this scope just read, when it did.</remarks>
    public async Task<bool> IsLockedAsync(string userId, CancellationToken cancellationToken) =>
        Remembered(userId) is { } loaded
            ? lockout.LockedUntil(loaded.LockoutUntil) is not null
            : await lockout.GetLockedUntilAsync(userId, cancellationToken) is not null;

    /// <inheritdoc />
    /// <remarks>Audited as <c>login.failed</c> with detail <c>code</c>: the password is counted in <see cref="VerifyPasswordAsync"/>.</remarks>
    public async Task<bool> RecordFailedAttemptAsync(string userId, CancellationToken cancellationToken) =>
        await RecordFailureAsync(userId, "code", cancellationToken);

    /// <inheritdoc />
    public async Task<bool> RecordFailedAttemptAsync(string userId, string factor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(factor);
        return await RecordFailureAsync(userId, factor, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<DirectoryUser?> FindByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(username);
        if (NameNormalizer.Problem(username, "username") is not null)
        {
            return null;
        }

        var user = await UserQueries.ByNormalizedUsername(db, NameNormalizer.Normalize(username), cancellationToken);
        return user is null ? null : await FindByIdAsync(user.Id, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Skipped when the user this scope just read had nothing to reset: SQLite takes its write lock even for an update
    /// that changes no row. A failure counted by another request since then is kept, as if it came after this success.
    /// A lock-out that is running now is never cleared (only <c>pickup users unlock</c> or its end does that).
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

    // The right password, checked after the account was unlocked when read: the re-check after the hash.
    private async Task<PasswordCheck> SucceedAsync(UserEntity user, string password, CancellationToken cancellationToken)
    {
        // Read again now that the hash is done: failures counted meanwhile may have locked the account.
        var loaded = await LoadAsync(user.Id, cancellationToken);
        if (loaded is null)
        {
            // Deleted in between: a failed check, not a half-loaded user.
            return Failed;
        }

        if (lockout.LockedUntil(loaded.LockoutUntil) is not null)
        {
            return await AnswerLockedRightPasswordAsync(user, cancellationToken);
        }

        // Nothing to reset in the usual case, and SQLite takes its write lock even for an update that changes no row.
        // The reset never clears a running lock-out: refused, it means the lock landed after the read above.
        if (!loaded.IsClean)
        {
            if (!await lockout.ResetAsync(user.Id, cancellationToken))
            {
                return await AnswerLockedRightPasswordAsync(user, cancellationToken);
            }

            _loaded = loaded with { FailedAttempts = 0, LockoutUntil = null };
        }

        // The configured cost changed since this hash was made: the plain password is at hand only now.
        if (hasher.NeedsRehash(user.PasswordHash))
        {
            user.PasswordHash = await hasher.HashAsync(password, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        return new PasswordCheck(PasswordCheckStatus.Succeeded, loaded.User);
    }

    private async Task<PasswordCheck> AnswerLockedRightPasswordAsync(UserEntity user, CancellationToken cancellationToken)
    {
        var counted = await lockout.RecordFailureAsync(user.Id, limits, cancellationToken, onlyWhileLocked: true);
        return await AnswerFailureAsync(user.Id, user.Username, right: true, counted, cancellationToken);
    }

    // A known account's failed check: Locked only for its right password, and only when the attempt was counted.
    private async Task<PasswordCheck> AnswerFailureAsync(string userId, string username, bool right, FailureCount counted, CancellationToken cancellationToken)
    {
        _loaded = null;
        if (right || !counted.Counted)
        {
            await audit.WriteAsync(
                new AuditEvent(AuditEventTypes.LoginFailed) { UserId = userId, Username = username, Detail = "password: account locked" },
                cancellationToken);
            return right && counted.Counted ? new PasswordCheck(PasswordCheckStatus.Locked, null) : Failed;
        }

        await AuditFailureAsync(userId, username, "password", counted, cancellationToken);
        return Failed;
    }

    private async Task<bool> RecordFailureAsync(string userId, string factor, CancellationToken cancellationToken)
    {
        _loaded = null;
        var counted = await lockout.RecordFailureAsync(userId, limits, cancellationToken);
        await AuditFailureAsync(userId, null, factor, counted, cancellationToken);
        return counted.StartedLockout;
    }

    // The one place where a new lock-out is known.
    private async Task AuditFailureAsync(string userId, string? username, string factor, FailureCount counted, CancellationToken cancellationToken)
    {
        await audit.WriteAsync(new AuditEvent(AuditEventTypes.LoginFailed) { UserId = userId, Username = username, Detail = factor }, cancellationToken);
        if (counted is { StartedLockout: true, LockedUntil: { } until })
        {
            metrics.LockoutStarted(factor);
            await audit.WriteAsync(
                new AuditEvent(AuditEventTypes.AccountLocked) { UserId = userId, Username = username, Detail = $"after a wrong {factor}, until {until:u}" },
                cancellationToken);
        }
    }
}
