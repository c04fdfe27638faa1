using Microsoft.Extensions.Time.Testing;
using Pickup.Core.Configuration;
using Pickup.Data.Users;

namespace Pickup.Data.Tests.Users;

public sealed class AccountLockoutTests
{
    private static readonly LoginLimitsOptions Limits = new() { LockoutAfter = 3, LockoutSeconds = 300, LockoutMaxSeconds = 1000 };

    [Fact]
    public async Task RecordFailure_ReachingTheLimit_LocksAndDoublesUpToTheCap()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var db = await TestDatabase.CreateAsync(time: clock);
        var user = await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], [], CancellationToken.None);
        var lockout = db.Get<AccountLockout>();

        Assert.Null((await lockout.RecordFailureAsync(user.Id, Limits, CancellationToken.None)).LockedUntil);
        Assert.Null((await lockout.RecordFailureAsync(user.Id, Limits, CancellationToken.None)).LockedUntil);
        var first = (await lockout.RecordFailureAsync(user.Id, Limits, CancellationToken.None)).LockedUntil;
        Assert.Equal(clock.GetUtcNow().AddSeconds(300), first);
        Assert.Equal(first, await lockout.GetLockedUntilAsync(user.Id, CancellationToken.None));
        Assert.True((await db.Get<UserAdministration>().FindAsync("alex", CancellationToken.None))!.IsLocked);

        clock.Advance(TimeSpan.FromSeconds(301));
        Assert.Null(await lockout.GetLockedUntilAsync(user.Id, CancellationToken.None));
        await lockout.RecordFailureAsync(user.Id, Limits, CancellationToken.None);
        await lockout.RecordFailureAsync(user.Id, Limits, CancellationToken.None);
        var second = (await lockout.RecordFailureAsync(user.Id, Limits, CancellationToken.None)).LockedUntil;
        Assert.Equal(clock.GetUtcNow().AddSeconds(600), second);

        clock.Advance(TimeSpan.FromSeconds(601));
        for (var i = 0; i < 2; i++)
        {
            await lockout.RecordFailureAsync(user.Id, Limits, CancellationToken.None);
        }

        Assert.Equal(clock.GetUtcNow().AddSeconds(1000), (await lockout.RecordFailureAsync(user.Id, Limits, CancellationToken.None)).LockedUntil);
    }

    [Fact]
    public async Task Reset_AfterFailures_StartsCountingAgain()
    {
        await using var db = await TestDatabase.CreateAsync();
        var user = await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], [], CancellationToken.None);
        var lockout = db.Get<AccountLockout>();
        await lockout.RecordFailureAsync(user.Id, Limits, CancellationToken.None);
        await lockout.RecordFailureAsync(user.Id, Limits, CancellationToken.None);

        await lockout.ResetAsync(user.Id, CancellationToken.None);

        Assert.Null((await lockout.RecordFailureAsync(user.Id, Limits, CancellationToken.None)).LockedUntil);
        Assert.Equal(1, (await db.Get<UserAdministration>().FindAsync("alex", CancellationToken.None))!.FailedAttempts);
    }

    [Fact]
    public async Task RecordFailure_LimitTurnedOff_NeverLocks()
    {
        await using var db = await TestDatabase.CreateAsync();
        var user = await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], [], CancellationToken.None);
        var off = new LoginLimitsOptions { LockoutAfter = 0 };

        for (var i = 0; i < 10; i++)
        {
            Assert.Null((await db.Get<AccountLockout>().RecordFailureAsync(user.Id, off, CancellationToken.None)).LockedUntil);
        }

        Assert.Null(await db.Get<AccountLockout>().GetLockedUntilAsync(user.Id, CancellationToken.None));
    }

    [Fact]
    public Task RecordFailure_WhileLocked_Sqlite_CountsAtMostThresholdMinusOne_NeverLengthensTheLock_AndResetKeepsIt() =>
        RecordFailureWhileLockedAsync(postgres: false);

    [PostgresFact]
    public Task RecordFailure_WhileLocked_Postgres_CountsAtMostThresholdMinusOne_NeverLengthensTheLock_AndResetKeepsIt() =>
        RecordFailureWhileLockedAsync(postgres: true);

    private static async Task RecordFailureWhileLockedAsync(bool postgres)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var db = await TestDatabase.CreateAsync(time: clock, postgres: postgres);
        var user = await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], [], CancellationToken.None);
        var lockout = db.Get<AccountLockout>();
        for (var i = 0; i < 3; i++)
        {
            await lockout.RecordFailureAsync(user.Id, Limits, CancellationToken.None);
        }

        var during = new List<FailureCount>();
        for (var i = 0; i < 5; i++)
        {
            during.Add(await lockout.RecordFailureAsync(user.Id, Limits, CancellationToken.None));
        }

        Assert.Equal([true, true, false, false, false], during.Select(c => c.Counted));
        Assert.DoesNotContain(during, c => c.StartedLockout);
        Assert.False(await lockout.ResetAsync(user.Id, CancellationToken.None));
        Assert.Equal(clock.GetUtcNow().AddSeconds(300), await lockout.GetLockedUntilAsync(user.Id, CancellationToken.None));
        Assert.True(lockout.IsSpent(5, clock.GetUtcNow().AddSeconds(300), Limits));

        // The first failure after the lock ends starts the next one, doubled.
        clock.Advance(TimeSpan.FromSeconds(301));
        var next = await lockout.RecordFailureAsync(user.Id, Limits, CancellationToken.None);
        Assert.True(next.StartedLockout);
        Assert.Equal(clock.GetUtcNow().AddSeconds(600), next.LockedUntil);
    }

    [Fact]
    public async Task RecordFailure_NoSuchAccount_CountsNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], [], CancellationToken.None);

        Assert.Equal(FailureCount.NotCounted, await db.Get<AccountLockout>().RecordFailureAsync(AccountLockout.NoAccount, Limits, CancellationToken.None));
        Assert.Equal(0, (await db.Get<UserAdministration>().FindAsync("alex", CancellationToken.None))!.FailedAttempts);
    }
}
