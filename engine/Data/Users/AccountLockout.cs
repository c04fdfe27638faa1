using Microsoft.EntityFrameworkCore;
using Pickup.Core.Configuration;

namespace Pickup.Data.Users;

/// <summary>
/// Counts consecutive password or code failures of an account and locks it per <c>[security.login_limits]</c>:
/// every <c>lockout_after</c> failures lock it for <c>lockout_seconds</c>, doubling with each further lock-out up to
/// <c>lockout_max_seconds</c> (0 turns a limit off). A success or <c>pickup users unlock</c> resets both.
/// </summary>
/// <remarks>
/// Lifetime: per request (scoped). Updates are single SQL statements so concurrent failures are all counted; they
/// bypass the change tracker, so entities already loaded in the same scope do not see them.
/// </remarks>
public sealed class AccountLockout(PickupDbContext db, TimeProvider time)
{
    // With lockout_max_seconds = 0 the doubling is uncapped; a century keeps the end date representable.
    private const double UncappedLimitSeconds = 100 * 365.25 * 24 * 3600;

    /// <summary>When the account's current lock-out ends, or null when it is not locked now (or does not exist).</summary>
    public async Task<DateTimeOffset?> GetLockedUntilAsync(string userId, CancellationToken cancellationToken)
    {
        var until = await db.Users.Where(u => u.Id == userId).Select(u => u.LockoutUntil).SingleOrDefaultAsync(cancellationToken);
        return LockedUntil(until);
    }

    /// <summary>
    /// When a lock-out read with the user's row (its <c>LockoutUntil</c>) ends, or null when it is over: for callers
    /// that have just loaded the row, saving a second query.
    /// </summary>
    public DateTimeOffset? LockedUntil(DateTimeOffset? storedUntil) => storedUntil > time.GetUtcNow() ? storedUntil : null;

    /// <summary>Counts one failure; returns when the lock-out this failure started ends, or null when it started none.</summary>
    public async Task<DateTimeOffset?> RecordFailureAsync(string userId, LoginLimitsOptions limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var counted = await db.Users
            .Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedAttempts, u => u.FailedAttempts + 1), cancellationToken);
        if (counted == 0 || limits.LockoutAfter <= 0 || limits.LockoutSeconds <= 0)
        {
            return null;
        }

        var failures = await db.Users.Where(u => u.Id == userId).Select(u => u.FailedAttempts).SingleAsync(cancellationToken);
        if (failures % limits.LockoutAfter != 0)
        {
            return null;
        }

        var until = time.GetUtcNow().AddSeconds(LockoutSeconds(failures / limits.LockoutAfter, limits));
        await db.Users
            .Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutUntil, until), cancellationToken);

        // A locked account's refresh tokens stop too (refreshing re-checks the lock-out as well).
        await UserTokens.RevokeAsync(db, userId, cancellationToken);
        return until;
    }

    /// <summary>Clears the failure count and any lock-out (after a successful login).</summary>
    public Task ResetAsync(string userId, CancellationToken cancellationToken) =>
        db.Users
            .Where(u => u.Id == userId && (u.FailedAttempts != 0 || u.LockoutUntil != null))
            .ExecuteUpdateAsync(
                s => s.SetProperty(u => u.FailedAttempts, 0).SetProperty(u => u.LockoutUntil, (DateTimeOffset?)null),
                cancellationToken);

    /// <summary>The length of the n-th lock-out (1-based): doubling, capped.</summary>
    internal static double LockoutSeconds(int lockoutNumber, LoginLimitsOptions limits)
    {
        // Past 2^30 the product overflows any sane cap anyway.
        var seconds = (double)limits.LockoutSeconds * Math.Pow(2, Math.Min(lockoutNumber - 1, 30));
        return Math.Min(seconds, limits.LockoutMaxSeconds > 0 ? limits.LockoutMaxSeconds : UncappedLimitSeconds);
    }
}
