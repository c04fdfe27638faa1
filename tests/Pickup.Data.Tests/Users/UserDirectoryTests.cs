using Microsoft.EntityFrameworkCore;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Users;
using Pickup.Core.Configuration;
using Pickup.Data.Passwords;
using Pickup.Data.Users;
using Pickup.Plugins.SmsOtp;

namespace Pickup.Data.Tests.Users;

public sealed class UserDirectoryTests
{
    private static readonly KeyValuePair<string, string>[] NoClaims = [];

    [Fact]
    public async Task VerifyPassword_RightPassword_SucceedsWithClaimsAndRolePermissions()
    {
        await using var db = await TestDatabase.CreateAsync();
        var admin = db.Get<UserAdministration>();
        await admin.AddRoleAsync("driver", ["login", "book"], CancellationToken.None);
        await admin.AddRoleAsync("auditor", ["read-bookings", "login"], CancellationToken.None);
        await admin.AddRoleAsync("unused", ["superpower"], CancellationToken.None);
        await admin.AddUserAsync("alex", "s3cret!", ["driver", "auditor"], [new(SmsOtpClaims.Mobile, "+94 77 888 8888")], CancellationToken.None);

        var check = await db.Get<IUserDirectory>().VerifyPasswordAsync("alex", "s3cret!", CancellationToken.None);

        Assert.Equal(PasswordCheckStatus.Succeeded, check.Status);
        Assert.NotNull(check.User);
        Assert.Equal("alex", check.User.Username);
        Assert.Equal("94778888888", check.User.Claims[SmsOtpClaims.Mobile]);
        Assert.Equal(["book", "login", "read-bookings"], check.User.Permissions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task VerifyPassword_UsernameInOtherCase_Succeeds()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Get<UserAdministration>().AddUserAsync("Alex", "pw", [], NoClaims, CancellationToken.None);

        var check = await db.Get<IUserDirectory>().VerifyPasswordAsync("ALEX", "pw", CancellationToken.None);

        Assert.Equal(PasswordCheckStatus.Succeeded, check.Status);
        Assert.Equal("Alex", check.User!.Username);
    }

    [Fact]
    public async Task VerifyPassword_WrongPasswordAndUnknownUser_AreTheSameFailure()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Get<UserAdministration>().AddUserAsync("alex", "right", [], NoClaims, CancellationToken.None);
        var directory = db.Get<IUserDirectory>();

        var wrong = await directory.VerifyPasswordAsync("alex", "wrong", CancellationToken.None);
        var unknown = await directory.VerifyPasswordAsync("nobody", "wrong", CancellationToken.None);
        var empty = await directory.VerifyPasswordAsync("alex", string.Empty, CancellationToken.None);

        Assert.Equal(new PasswordCheck(PasswordCheckStatus.Failed, null), wrong);
        Assert.Equal(wrong, unknown);
        Assert.Equal(wrong, empty);
    }

    [Fact]
    public async Task VerifyPassword_StoredHashHasOldCost_RehashesWithConfiguredCost()
    {
        await using var db = await TestDatabase.CreateAsync(new PasswordHashOptions { MemoryKib = 9216, Iterations = 2, Parallelism = 1 });
        await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], NoClaims, CancellationToken.None);
        var weaker = new Argon2idPasswordHasher(TestDatabase.FastHash);
        var context = db.Get<PickupDbContext>();
        var user = await context.Users.SingleAsync();
        user.PasswordHash = weaker.Hash("pw");
        await context.SaveChangesAsync();

        var check = await db.Get<IUserDirectory>().VerifyPasswordAsync("alex", "pw", CancellationToken.None);

        Assert.Equal(PasswordCheckStatus.Succeeded, check.Status);
        var stored = await db.Get<PickupDbContext>().Users.AsNoTracking().Select(u => u.PasswordHash).SingleAsync();
        Assert.StartsWith("$argon2id$v=19$m=9216,t=2,p=1$", stored, StringComparison.Ordinal);
        Assert.True(db.Get<Argon2idPasswordHasher>().Verify("pw", stored));
    }

    [Fact]
    public async Task VerifyPassword_WrongPasswordWithOldCost_KeepsOldHash()
    {
        await using var db = await TestDatabase.CreateAsync(new PasswordHashOptions { MemoryKib = 9216, Iterations = 2, Parallelism = 1 });
        await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], NoClaims, CancellationToken.None);
        var context = db.Get<PickupDbContext>();
        var user = await context.Users.SingleAsync();
        var old = new Argon2idPasswordHasher(TestDatabase.FastHash).Hash("pw");
        user.PasswordHash = old;
        await context.SaveChangesAsync();

        await db.Get<IUserDirectory>().VerifyPasswordAsync("alex", "not-pw", CancellationToken.None);

        Assert.Equal(old, await db.Get<PickupDbContext>().Users.AsNoTracking().Select(u => u.PasswordHash).SingleAsync());
    }

    [Fact]
    public async Task FindById_KnownAndUnknown_ReturnsUserOrNull()
    {
        await using var db = await TestDatabase.CreateAsync();
        var added = await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], [new(ClaimUris.Email, "alex@example.com")], CancellationToken.None);
        var directory = db.Get<IUserDirectory>();

        var found = await directory.FindByIdAsync(added.Id, CancellationToken.None);
        var missing = await directory.FindByIdAsync(Guid.NewGuid().ToString(), CancellationToken.None);

        Assert.Equal("alex@example.com", found!.Claims[ClaimUris.Email]);
        Assert.Empty(found.Permissions);
        Assert.Null(missing);
    }

    [Fact]
    public async Task FindById_TwiceInOneScope_ReadsOnce_WhileANewScopeSeesLaterChanges()
    {
        await using var db = await TestDatabase.CreateAsync();
        var added = await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], [new(ClaimUris.Email, "old@example.com")], CancellationToken.None);
        var directory = db.Get<IUserDirectory>();
        var first = await directory.FindByIdAsync(added.Id, CancellationToken.None);

        await db.Get<IUserDirectory>().SetClaimAsync(added.Id, ClaimUris.Email, "new@example.com", CancellationToken.None);

        Assert.Same(first, await directory.FindByIdAsync(added.Id, CancellationToken.None));
        Assert.Equal("new@example.com", (await db.Get<IUserDirectory>().FindByIdAsync(added.Id, CancellationToken.None))!.Claims[ClaimUris.Email]);
        await directory.SetClaimAsync(added.Id, ClaimUris.Email, "own@example.com", CancellationToken.None);
        Assert.Equal("own@example.com", (await directory.FindByIdAsync(added.Id, CancellationToken.None))!.Claims[ClaimUris.Email]);
    }

    [Fact]
    public async Task IsLocked_AfterReadingTheUser_AnswersFromThatRead_AndSeesItsOwnFailures()
    {
        var limits = new LoginLimitsOptions { LockoutAfter = 2, LockoutSeconds = 300 };
        await using var db = await TestDatabase.CreateAsync();
        var added = await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], NoClaims, CancellationToken.None);
        var directory = db.Get<IUserDirectory>();
        await directory.FindByIdAsync(added.Id, CancellationToken.None);
        var elsewhere = db.Get<AccountLockout>();
        await elsewhere.RecordFailureAsync(added.Id, limits, CancellationToken.None);
        Assert.NotNull((await elsewhere.RecordFailureAsync(added.Id, limits, CancellationToken.None)).LockedUntil);

        Assert.False(await directory.IsLockedAsync(added.Id, CancellationToken.None));
        Assert.True(await db.Get<IUserDirectory>().IsLockedAsync(added.Id, CancellationToken.None));
        await directory.RecordFailedAttemptAsync(added.Id, CancellationToken.None);
        Assert.True(await directory.IsLockedAsync(added.Id, CancellationToken.None));
    }

    [Fact]
    public async Task ResetFailedAttempts_SkippedOnlyWhenTheUserReadInThisScopeHadNothingToReset()
    {
        await using var db = await TestDatabase.CreateAsync();
        var added = await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], NoClaims, CancellationToken.None);
        var clean = db.Get<IUserDirectory>();
        await clean.FindByIdAsync(added.Id, CancellationToken.None);
        await db.Get<IUserDirectory>().RecordFailedAttemptAsync(added.Id, CancellationToken.None);

        // Read clean, so no statement: the failure counted since then stays, as if it came after this success.
        await clean.ResetFailedAttemptsAsync(added.Id, CancellationToken.None);
        Assert.Equal(1, await FailedAttemptsAsync(db, added.Id));

        var dirty = db.Get<IUserDirectory>();
        await dirty.FindByIdAsync(added.Id, CancellationToken.None);
        await dirty.ResetFailedAttemptsAsync(added.Id, CancellationToken.None);
        Assert.Equal(0, await FailedAttemptsAsync(db, added.Id));

        // Without a read in the scope the reset always runs.
        await db.Get<IUserDirectory>().RecordFailedAttemptAsync(added.Id, CancellationToken.None);
        await db.Get<IUserDirectory>().ResetFailedAttemptsAsync(added.Id, CancellationToken.None);
        Assert.Equal(0, await FailedAttemptsAsync(db, added.Id));
    }

    private static async Task<int> FailedAttemptsAsync(TestDatabase db, string userId) =>
        await db.Get<PickupDbContext>().Users.Where(u => u.Id == userId).Select(u => u.FailedAttempts).SingleAsync();

    [Fact]
    public async Task SetClaim_Mobile_IsNormalisedAndReplacesTheOldValue()
    {
        await using var db = await TestDatabase.CreateAsync();
        var added = await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], [new(SmsOtpClaims.Mobile, "94778888888")], CancellationToken.None);
        var directory = db.Get<IUserDirectory>();

        await directory.SetClaimAsync(added.Id, SmsOtpClaims.Mobile, "+94 71 234 5678", CancellationToken.None);

        var user = await db.Get<IUserDirectory>().FindByIdAsync(added.Id, CancellationToken.None);
        Assert.Equal("94712345678", user!.Claims[SmsOtpClaims.Mobile]);
        Assert.Equal(1, await db.Get<PickupDbContext>().UserClaims.CountAsync());
    }

    [Fact]
    public async Task SetClaim_MobileNotAPhoneNumber_ThrowsAndStoresNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var added = await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], NoClaims, CancellationToken.None);

        var exception = await Assert.ThrowsAsync<ArgumentException>(
            () => db.Get<IUserDirectory>().SetClaimAsync(added.Id, SmsOtpClaims.Mobile, "12", CancellationToken.None));

        Assert.Contains("mobile number", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.Get<PickupDbContext>().UserClaims.CountAsync());
    }

    [Fact]
    public async Task SetClaim_UnknownUser_Throws()
    {
        await using var db = await TestDatabase.CreateAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => db.Get<IUserDirectory>().SetClaimAsync("no-such-id", ClaimUris.Email, "a@b.c", CancellationToken.None));
    }
}
