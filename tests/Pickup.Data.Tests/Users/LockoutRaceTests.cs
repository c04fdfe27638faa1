using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Pickup.Abstractions.Users;
using Pickup.Core.Auditing;
using Pickup.Data.Passwords;
using Pickup.Data.Users;

namespace Pickup.Data.Tests.Users;

/// <summary>
/// Concurrent guesses against one account (default limits: locked after 5 failures for 300 s), on SQLite and on
/// PostgreSQL: the lock-out is counted and set by the database in one statement, and checked again after the hash.
/// </summary>
public sealed class LockoutRaceTests
{
    private const string RightPassword = "correct horse 42";
    private const int Guesses = 16;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public Task ConcurrentWrongPasswordsAndCodes_Sqlite_LockOnceAtTheThreshold() => ConcurrentFailuresLockOnceAsync(postgres: false);

    [PostgresFact]
    public Task ConcurrentWrongPasswordsAndCodes_Postgres_LockOnceAtTheThreshold() => ConcurrentFailuresLockOnceAsync(postgres: true);

    [Fact]
    public Task RightPasswordHashedWhileTheLockIsSet_Sqlite_IsToldLockedAndTheLockStays() => RightPasswordDuringLockingAsync(postgres: false);

    [PostgresFact]
    public Task RightPasswordHashedWhileTheLockIsSet_Postgres_IsToldLockedAndTheLockStays() => RightPasswordDuringLockingAsync(postgres: true);

    private static async Task ConcurrentFailuresLockOnceAsync(bool postgres)
    {
        await using var db = await TestDatabase.CreateAsync(time: new FakeTimeProvider(Start), postgres: postgres);
        var alex = await db.Get<UserAdministration>().AddUserAsync("alex", RightPassword, [], [], CancellationToken.None);

        // Every guess in a scope of its own, as concurrent requests are; all released together.
        var directories = Enumerable.Range(0, 2 * Guesses).Select(_ => db.Get<IUserDirectory>()).ToList();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var passwords = directories.Take(Guesses).Select((d, i) => Task.Run(async () =>
        {
            await go.Task;
            return (await d.VerifyPasswordAsync("alex", "wrong-" + i, CancellationToken.None)).Status;
        })).ToList();
        var codes = directories.Skip(Guesses).Select(d => Task.Run(async () =>
        {
            await go.Task;
            return await d.RecordFailedAttemptAsync(alex.Id, CancellationToken.None);
        })).ToList();
        go.SetResult();
        var statuses = await Task.WhenAll(passwords);
        var lockedByCode = await Task.WhenAll(codes);

        Assert.All(statuses, s => Assert.Equal(PasswordCheckStatus.Failed, s));

        // One lock-out, the first one (300 s, not a doubled one), started by the failure that counted fifth.
        var locks = await db.Get<IAuditLog>().TailAsync(100, AuditEventTypes.AccountLocked, CancellationToken.None);
        Assert.Single(locks);
        Assert.True(lockedByCode.Count(l => l) <= 1);
        var row = await db.Get<PickupDbContext>().Users.AsNoTracking().SingleAsync();
        Assert.Equal(Start.AddSeconds(300), row.LockoutUntil);

        // Five before the lock, then at most four more while it runs (lockout_after - 1), however many were sent.
        Assert.Equal(9, row.FailedAttempts);

        // Once locked, the right password gets in neither now nor by racing.
        Assert.NotEqual(PasswordCheckStatus.Succeeded, (await db.Get<IUserDirectory>().VerifyPasswordAsync("alex", RightPassword, CancellationToken.None)).Status);
        Assert.NotNull(await db.Get<AccountLockout>().GetLockedUntilAsync(alex.Id, CancellationToken.None));
    }

    private static async Task RightPasswordDuringLockingAsync(bool postgres)
    {
        await using var db = await TestDatabase.CreateAsync(time: new FakeTimeProvider(Start), postgres: postgres);
        var alex = await db.Get<UserAdministration>().AddUserAsync("alex", RightPassword, [], [], CancellationToken.None);
        for (var i = 0; i < 4; i++)
        {
            Assert.False(await db.Get<IUserDirectory>().RecordFailedAttemptAsync(alex.Id, CancellationToken.None));
        }

        // Hold the right password's hash until a fifth failure has locked the account: it was read unlocked.
        var hasher = db.Services.GetService(typeof(Argon2idPasswordHasher)) as Argon2idPasswordHasher;
        var hashing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        hasher!.BeforeEachRun = () =>
        {
            hashing.TrySetResult();
            Assert.True(release.Wait(TimeSpan.FromSeconds(30)));
        };
        var directory = db.Get<IUserDirectory>();
        var elsewhere = db.Get<IUserDirectory>();
        var right = Task.Run(() => directory.VerifyPasswordAsync("alex", RightPassword, CancellationToken.None));
        await Task.WhenAny(hashing.Task, right).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(right.IsCompleted, right.Exception?.ToString() ?? "checked before the hash");
        hasher.BeforeEachRun = null;
        Assert.True(await elsewhere.RecordFailedAttemptAsync(alex.Id, CancellationToken.None));
        release.Set();

        var check = await right;

        Assert.Equal(PasswordCheckStatus.Locked, check.Status);
        Assert.Null(check.User);
        Assert.Equal(Start.AddSeconds(300), await db.Get<AccountLockout>().GetLockedUntilAsync(alex.Id, CancellationToken.None));
    }
}
