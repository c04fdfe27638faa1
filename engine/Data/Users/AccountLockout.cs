using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Pickup.Core.Configuration;
using Pickup.Data.Sessions;

namespace Pickup.Data.Users;

/// <summary>
/// Counts consecutive password or code failures of an account and locks it per <c>[security.login_limits]</c>:
/// every <c>lockout_after</c> failures lock it for <c>lockout_seconds</c>, doubling with each further lock-out up to
/// <c>lockout_max_seconds</c> (0 turns a limit off). A success or <c>pickup users unlock</c> resets both.
/// </summary>
/// <remarks>
/// Lifetime: per request (scoped). A failure is counted, and the lock-out it reaches is set, by one
/// <c>UPDATE … RETURNING</c>: concurrent failures each see their own count, so exactly <c>lockout_after</c> of them
/// come before the lock and the one that reaches it is the one that sets it. Updates bypass the change tracker, so
/// entities already loaded in the same scope do not see them.
/// <para>
/// While an account is locked, at most <c>lockout_after - 1</c> further attempts are counted (and may be checked
/// against its password, see <see cref="UserDirectory"/>); after that the account refuses to count or check anything
/// until the lock ends, and the first failure after it starts the next, doubled lock-out. So a lock-out bounds how
/// many guesses are checked per lock-out period, even though a locked account still checks passwords (to tell only
/// its owner that it is locked); and hammering a locked account cannot make its lock longer.
/// </para>
/// </remarks>
public sealed class AccountLockout(PickupDbContext db, TimeProvider time, SsoSessionStore sessions)
{
    /// <summary>An id no account has: counting against it does the same work as for a real one and changes nothing.</summary>
    public const string NoAccount = "";

    // With lockout_max_seconds = 0 the doubling is uncapped; a century keeps the end date representable.
    private const double UncappedLimitSeconds = 100 * 365.25 * 24 * 3600;

    // Past 2^30 the product overflows any sane cap anyway: the ladder of lock-out lengths has at most 31 rungs.
    private const int MaxDoublings = 30;

    // The statement text by its number of lock-out lengths: it depends on the limits only, never on the account.
    private static readonly string?[] Statements = new string?[MaxDoublings + 2];

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

    /// <summary>
    /// True when the row as read (its count and lock-out end) is locked and has no attempt left to count until the
    /// lock ends: nothing typed for it may be checked now.
    /// </summary>
    public bool IsSpent(int failedAttempts, DateTimeOffset? storedUntil, LoginLimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return LockedUntil(storedUntil) is not null && (failedAttempts + 1) % Threshold(limits) == 0;
    }

    /// <summary>
    /// Counts one failure in one statement, starting a lock-out when the count reaches a multiple of
    /// <c>lockout_after</c>. Nothing is counted for an unknown account, or for a locked one whose attempts until the
    /// lock ends are spent.
    /// </summary>
    /// <param name="userId">The account, or <see cref="NoAccount"/> to spend the same work on none.</param>
    /// <param name="limits">The <c>[security.login_limits]</c> table.</param>
    /// <param name="onlyWhileLocked">Count only if the account is locked now (an attempt with its right password during a lock).</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    public async Task<FailureCount> RecordFailureAsync(
        string userId,
        LoginLimitsOptions limits,
        CancellationToken cancellationToken,
        bool onlyWhileLocked = false)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(limits);
        var now = time.GetUtcNow();
        var rungs = Rungs(limits);
        var arguments = new object[4 + rungs];
        arguments[0] = userId;
        arguments[1] = now;
        arguments[2] = Threshold(limits);
        arguments[3] = onlyWhileLocked ? 1 : 0;
        for (var i = 0; i < rungs; i++)
        {
            arguments[4 + i] = now.AddSeconds(LockoutSeconds(i + 1, limits));
        }

        var sql = FormattableStringFactory.Create(Statements[rungs] ??= BuildStatement(rungs), arguments);
        var rows = await db.Database.SqlQuery<CountedRow>(sql).ToListAsync(cancellationToken);
        if (rows is not [var row])
        {
            return FailureCount.NotCounted;
        }

        // Only a count that was not locked before may land on a multiple (the statement refuses it during a lock).
        var started = LockingEnabled(limits) && row.FailedAttempts % limits.LockoutAfter == 0;
        if (started)
        {
            // A locked account's refresh tokens and single sign-on sessions stop too (refreshing and reusing a
            // session re-check the lock-out as well).
            await UserTokens.RevokeAsync(db, userId, cancellationToken);
            await sessions.EndAllAsync(userId, "the account is locked", cancellationToken);
        }

        return new FailureCount(true, row.FailedAttempts, LockedUntil(row.LockoutUntil), started);
    }

    /// <summary>
    /// Clears the failure count and any lock-out that is over (after a success). A lock-out that is still running is
    /// never cleared this way, so a success racing with the failure that locks the account cannot undo the lock.
    /// </summary>
    /// <returns>False when the account is locked now (or gone); nothing was changed.</returns>
    public async Task<bool> ResetAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reset = await db.Database.ExecuteSqlAsync(
            $"""UPDATE "pickup_users" SET "FailedAttempts" = 0, "LockoutUntil" = NULL WHERE "Id" = {userId} AND ("LockoutUntil" IS NULL OR "LockoutUntil" <= {now})""",
            cancellationToken);
        return reset == 1;
    }

    /// <summary>The length of the n-th lock-out (1-based): doubling, capped.</summary>
    internal static double LockoutSeconds(int lockoutNumber, LoginLimitsOptions limits)
    {
        var seconds = (double)limits.LockoutSeconds * Math.Pow(2, Math.Min(lockoutNumber - 1, MaxDoublings));
        return Math.Min(seconds, limits.LockoutMaxSeconds > 0 ? limits.LockoutMaxSeconds : UncappedLimitSeconds);
    }

    private static bool LockingEnabled(LoginLimitsOptions limits) => limits.LockoutAfter > 0 && limits.LockoutSeconds > 0;

    // With locking off no count is ever a multiple of this, so the statement never locks.
    private static int Threshold(LoginLimitsOptions limits) => LockingEnabled(limits) ? limits.LockoutAfter : int.MaxValue;

    // How many distinct lock-out lengths there are before the cap: the n-th lock-out takes rung min(n, Rungs).
    private static int Rungs(LoginLimitsOptions limits)
    {
        if (!LockingEnabled(limits))
        {
            return 1;
        }

        var rungs = 1;
        while (rungs <= MaxDoublings && LockoutSeconds(rungs + 1, limits) > LockoutSeconds(rungs, limits))
        {
            rungs++;
        }

        return rungs;
    }

    /// <summary>
    /// The counting statement: {0} id, {1} now, {2} threshold, {3} only-while-locked flag, {4}… the end of the 1st, 2nd…
    /// lock-out from now. Column names are EF Core's on both providers (see the migrations); SQLite 3.35 and later
    /// and PostgreSQL both run <c>UPDATE … RETURNING</c>, and both divide integers as integers.
    /// </summary>
    private static string BuildStatement(int rungs)
    {
        const string Next = "(\"FailedAttempts\" + 1)";
        const string LockedNow = "(\"LockoutUntil\" IS NOT NULL AND \"LockoutUntil\" > {1})";
        var ladder = new StringBuilder();
        if (rungs > 1)
        {
            ladder.Append("CASE ").Append(Next).Append(" / {2}");
            for (var i = 1; i < rungs; i++)
            {
                ladder.Append(CultureInfo.InvariantCulture, $" WHEN {i} THEN {{{3 + i}}}");
            }

            ladder.Append(" ELSE ");
        }

        ladder.Append(CultureInfo.InvariantCulture, $"{{{3 + rungs}}}").Append(rungs > 1 ? " END" : string.Empty);
        return $$"""
            UPDATE "pickup_users"
            SET "FailedAttempts" = {{Next}},
                "LockoutUntil" = CASE WHEN {{Next}} % {2} = 0 THEN {{ladder}} ELSE "LockoutUntil" END
            WHERE "Id" = {0}
              AND NOT ({{LockedNow}} AND {{Next}} % {2} = 0)
              AND ({3} = 0 OR {{LockedNow}})
            RETURNING "FailedAttempts", "LockoutUntil"
            """;
    }
}

/// <summary>One row the counting statement returns.</summary>
internal sealed class CountedRow
{
    public int FailedAttempts { get; init; }

    public DateTimeOffset? LockoutUntil { get; init; }
}

/// <summary>What counting one failure did.</summary>
/// <param name="Counted">False when nothing was counted (no such account, or a locked one with no attempt left).</param>
/// <param name="FailedAttempts">The count after this failure (0 when not counted).</param>
/// <param name="LockedUntil">When the account's lock-out ends, if it is locked now.</param>
/// <param name="StartedLockout">True when this failure started a lock-out: the one place a new lock-out is known.</param>
public sealed record FailureCount(bool Counted, int FailedAttempts, DateTimeOffset? LockedUntil, bool StartedLockout)
{
    /// <summary>Nothing counted.</summary>
    public static FailureCount NotCounted { get; } = new(false, 0, null, false);
}
