using Microsoft.EntityFrameworkCore;
using Pickup.Data.Entities;
using Pickup.Data.Passwords;
using Pickup.Data.Users;

namespace Pickup.Data.Tests.Users;

public sealed class BackupCodesTests
{
    private static readonly KeyValuePair<string, string>[] NoClaims = [];

    [Fact]
    public async Task CreateBackupCodes_Default_ReturnsTenDistinctEightDigitCodesStoredOnlyAsHashes()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], NoClaims, CancellationToken.None);

        var codes = await db.Get<UserAdministration>().CreateBackupCodesAsync("alex", cancellationToken: CancellationToken.None);

        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[0-9]{8}$", c));
        var stored = await db.Get<PickupDbContext>().BackupCodes.Select(c => c.CodeHash).ToListAsync();
        Assert.Equal(10, stored.Count);
        Assert.All(stored, hash => Assert.StartsWith("$argon2id$", hash, StringComparison.Ordinal));
        Assert.All(codes, code => Assert.DoesNotContain(stored, hash => hash.Contains(code, StringComparison.Ordinal)));
        Assert.Equal(10, (await db.Get<UserAdministration>().FindAsync("alex", CancellationToken.None))!.UnusedBackupCodes);
    }

    [Fact]
    public async Task Redeem_Code_WorksOnceOnly()
    {
        await using var db = await TestDatabase.CreateAsync();
        var user = await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], NoClaims, CancellationToken.None);
        var codes = await db.Get<UserAdministration>().CreateBackupCodesAsync("alex", 3, CancellationToken.None);

        Assert.True(await db.Get<BackupCodes>().RedeemAsync(user.Id, codes[1], CancellationToken.None));
        Assert.False(await db.Get<BackupCodes>().RedeemAsync(user.Id, codes[1], CancellationToken.None));
        Assert.True(await db.Get<BackupCodes>().RedeemAsync(user.Id, $"{codes[2][..4]}-{codes[2][4..]}", CancellationToken.None));
        Assert.Equal(1, await db.Get<BackupCodes>().CountUnusedAsync(user.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Redeem_OtherUsersCodeOrGarbage_Fails()
    {
        await using var db = await TestDatabase.CreateAsync();
        var alex = await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], NoClaims, CancellationToken.None);
        await db.Get<UserAdministration>().AddUserAsync("sam", "pw", [], NoClaims, CancellationToken.None);
        var samCodes = await db.Get<UserAdministration>().CreateBackupCodesAsync("sam", 2, CancellationToken.None);
        await db.Get<UserAdministration>().CreateBackupCodesAsync("alex", 2, CancellationToken.None);

        Assert.False(await db.Get<BackupCodes>().RedeemAsync(alex.Id, samCodes[0], CancellationToken.None));
        Assert.False(await db.Get<BackupCodes>().RedeemAsync(alex.Id, "abc", CancellationToken.None));
        Assert.False(await db.Get<BackupCodes>().RedeemAsync(alex.Id, string.Empty, CancellationToken.None));
    }

    [Fact]
    public async Task CreateBackupCodes_Again_ReplacesEarlierCodes()
    {
        await using var db = await TestDatabase.CreateAsync();
        var user = await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], NoClaims, CancellationToken.None);
        var first = await db.Get<UserAdministration>().CreateBackupCodesAsync("alex", 5, CancellationToken.None);

        var second = await db.Get<UserAdministration>().CreateBackupCodesAsync("alex", 5, CancellationToken.None);

        Assert.Equal(5, await db.Get<PickupDbContext>().BackupCodes.CountAsync());
        foreach (var code in first.Except(second))
        {
            Assert.False(await db.Get<BackupCodes>().RedeemAsync(user.Id, code, CancellationToken.None));
        }

        Assert.True(await db.Get<BackupCodes>().RedeemAsync(user.Id, second[0], CancellationToken.None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(BackupCodes.MaxCount + 1)]
    public async Task CreateBackupCodes_CountOutOfRange_FailsClearly(int count)
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], NoClaims, CancellationToken.None);

        await Assert.ThrowsAsync<UserAdministrationException>(
            () => db.Get<UserAdministration>().CreateBackupCodesAsync("alex", count, CancellationToken.None));
    }

    [Fact]
    public async Task CreateBackupCodes_UnknownUser_FailsClearly()
    {
        await using var db = await TestDatabase.CreateAsync();

        var exception = await Assert.ThrowsAsync<UserAdministrationException>(
            () => db.Get<UserAdministration>().CreateBackupCodesAsync("nobody", 10, CancellationToken.None));

        Assert.Equal("There is no user named 'nobody'.", exception.Message);
    }

    [Fact]
    public async Task Redeem_AnyCodeOfAFullBatch_RunsArgon2idOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var user = await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], NoClaims, CancellationToken.None);
        var codes = await db.Get<UserAdministration>().CreateBackupCodesAsync("alex", BackupCodes.MaxCount, CancellationToken.None);
        var hashes = CountHashes(db);

        Assert.False(await db.Get<BackupCodes>().RedeemAsync(user.Id, NotAmong(codes), CancellationToken.None));
        Assert.Equal(1, hashes());
        Assert.True(await db.Get<BackupCodes>().RedeemAsync(user.Id, codes[^1], CancellationToken.None));
        Assert.Equal(2, hashes());
        Assert.True(await db.Get<BackupCodes>().RedeemAsync(user.Id, codes[0], CancellationToken.None));
        Assert.Equal(3, hashes());
    }

    [Fact]
    public async Task Redeem_CodesIssuedWithASaltEach_AreStillAccepted_AtOneHashPerSalt()
    {
        await using var db = await TestDatabase.CreateAsync();
        var user = await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], NoClaims, CancellationToken.None);
        string[] codes = ["11111111", "22222222", "33333333"];
        var hasher = db.Get<Argon2idPasswordHasher>();
        var context = db.Get<PickupDbContext>();
        context.BackupCodes.AddRange(codes.Select(c => new BackupCodeEntity { UserId = user.Id, CodeHash = hasher.Hash(c) }));
        await context.SaveChangesAsync();
        var hashes = CountHashes(db);

        Assert.True(await db.Get<BackupCodes>().RedeemAsync(user.Id, "22222222", CancellationToken.None));
        Assert.Equal(3, hashes());
        Assert.False(await db.Get<BackupCodes>().RedeemAsync(user.Id, "22222222", CancellationToken.None));
        Assert.Equal(2, await db.Get<BackupCodes>().CountUnusedAsync(user.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Redeem_SameCodeConcurrently_SucceedsOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var user = await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], NoClaims, CancellationToken.None);
        var codes = await db.Get<UserAdministration>().CreateBackupCodesAsync("alex", 5, CancellationToken.None);
        var stores = Enumerable.Range(0, 8).Select(_ => db.Get<BackupCodes>()).ToList();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var redeems = stores.Select(store => Task.Run(async () =>
        {
            await go.Task;
            return await store.RedeemAsync(user.Id, codes[2], CancellationToken.None);
        })).ToList();
        go.SetResult();

        Assert.Single(await Task.WhenAll(redeems), redeemed => redeemed);
        Assert.Equal(4, await db.Get<BackupCodes>().CountUnusedAsync(user.Id, CancellationToken.None));
    }

    [Fact]
    public async Task CreateBackupCodes_OneBatch_SharesOneSaltButNoHash()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], NoClaims, CancellationToken.None);
        await db.Get<UserAdministration>().CreateBackupCodesAsync("alex", 5, CancellationToken.None);
        var first = await db.Get<PickupDbContext>().BackupCodes.Select(c => c.CodeHash).ToListAsync();
        await db.Get<UserAdministration>().CreateBackupCodesAsync("alex", 5, CancellationToken.None);
        var second = await db.Get<PickupDbContext>().BackupCodes.Select(c => c.CodeHash).ToListAsync();

        static string Salt(string phc) => phc.Split('$')[4];
        Assert.Single(first.Select(Salt).Distinct());
        Assert.Equal(5, first.Distinct().Count());
        Assert.NotEqual(Salt(first[0]), Salt(second[0]));
    }

    private static Func<int> CountHashes(TestDatabase db)
    {
        var hashes = 0;
        db.Get<Argon2idPasswordHasher>().BeforeEachRun = () => Interlocked.Increment(ref hashes);
        return () => Volatile.Read(ref hashes);
    }

    private static string NotAmong(IReadOnlyList<string> codes)
    {
        var code = 0;
        while (codes.Contains(code.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)))
        {
            code++;
        }

        return code.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
    }
}
