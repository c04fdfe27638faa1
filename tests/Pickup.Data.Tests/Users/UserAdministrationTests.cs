using Microsoft.EntityFrameworkCore;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Users;
using Pickup.Data.Entities;
using Pickup.Data.Users;
using Pickup.Plugins.SmsOtp;

namespace Pickup.Data.Tests.Users;

public sealed class UserAdministrationTests
{
    private static readonly KeyValuePair<string, string>[] NoClaims = [];

    [Fact]
    public async Task AddUser_NameExistsInAnyCase_FailsClearly()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], NoClaims, CancellationToken.None);

        var exception = await Assert.ThrowsAsync<UserAdministrationException>(
            () => db.Get<UserAdministration>().AddUserAsync("ALEX", "other", [], NoClaims, CancellationToken.None));

        Assert.Equal("A user named 'ALEX' already exists.", exception.Message);
        Assert.Equal(1, await db.Get<PickupDbContext>().Users.CountAsync());
    }

    [Fact]
    public async Task AddUser_RoleMissing_FailsNamingTheRoleAndCreatesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();

        var exception = await Assert.ThrowsAsync<UserAdministrationException>(
            () => db.Get<UserAdministration>().AddUserAsync("alex", "pw", ["driver"], NoClaims, CancellationToken.None));

        Assert.Contains("no role named 'driver'", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.Get<PickupDbContext>().Users.CountAsync());
    }

    [Theory]
    [InlineData("alex", "")]
    [InlineData("", "pw")]
    [InlineData(" alex", "pw")]
    public async Task AddUser_EmptyPasswordOrBadName_Fails(string name, string password)
    {
        await using var db = await TestDatabase.CreateAsync();

        var exception = await Assert.ThrowsAsync<UserAdministrationException>(
            () => db.Get<UserAdministration>().AddUserAsync(name, password, [], NoClaims, CancellationToken.None));

        Assert.False(string.IsNullOrWhiteSpace(exception.Message));
        Assert.Equal(0, await db.Get<PickupDbContext>().Users.CountAsync());
    }

    [Fact]
    public async Task AddUser_BadMobile_FailsWithAdminMessageAndCreatesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();

        var exception = await Assert.ThrowsAsync<UserAdministrationException>(
            () => db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], [new(SmsOtpClaims.Mobile, "call me")], CancellationToken.None));

        Assert.StartsWith("The mobile number", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.Get<PickupDbContext>().Users.CountAsync());
    }

    [Fact]
    public async Task AddUser_Stored_HasArgon2idHashNotThePassword()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Get<UserAdministration>().AddUserAsync("alex", "pickup-demo", [], NoClaims, CancellationToken.None);

        var stored = await db.Get<PickupDbContext>().Users.Select(u => u.PasswordHash).SingleAsync();

        Assert.StartsWith("$argon2id$", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("pickup-demo", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddRole_NameExists_FailsClearly()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Get<UserAdministration>().AddRoleAsync("driver", ["login"], CancellationToken.None);

        var exception = await Assert.ThrowsAsync<UserAdministrationException>(
            () => db.Get<UserAdministration>().AddRoleAsync("Driver", ["login"], CancellationToken.None));

        Assert.Equal("A role named 'Driver' already exists.", exception.Message);
    }

    [Fact]
    public async Task AddRole_PermissionWithSpace_Fails()
    {
        await using var db = await TestDatabase.CreateAsync();

        await Assert.ThrowsAsync<UserAdministrationException>(
            () => db.Get<UserAdministration>().AddRoleAsync("driver", ["log in"], CancellationToken.None));
    }

    [Fact]
    public async Task ListRoles_AfterAdd_ShowsPermissions()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Get<UserAdministration>().AddRoleAsync("driver", ["login", "book", "login"], CancellationToken.None);
        await db.Get<UserAdministration>().AddRoleAsync("admin", [], CancellationToken.None);

        var roles = await db.Get<UserAdministration>().ListRolesAsync(CancellationToken.None);

        Assert.Equal(["admin", "driver"], roles.Select(r => r.Name));
        Assert.Equal(["book", "login"], roles[1].Permissions);
    }

    [Fact]
    public async Task Find_User_ShowsRolesClaimsAndLockStateButNoSecrets()
    {
        await using var db = await TestDatabase.CreateAsync();
        var admin = db.Get<UserAdministration>();
        await admin.AddRoleAsync("driver", ["login"], CancellationToken.None);
        await admin.AddUserAsync("alex", "pw", ["driver"], [new(SmsOtpClaims.Mobile, "94778888888")], CancellationToken.None);

        var details = await db.Get<UserAdministration>().FindAsync("Alex", CancellationToken.None);

        Assert.NotNull(details);
        Assert.Equal(["driver"], details.Roles);
        Assert.Equal("94778888888", details.Claims[SmsOtpClaims.Mobile]);
        Assert.False(details.IsLocked);
        Assert.Equal(0, details.FailedAttempts);
        Assert.DoesNotContain(typeof(UserDetails).GetProperties(), p => p.Name.Contains("Hash", StringComparison.Ordinal));
        Assert.Null(await db.Get<UserAdministration>().FindAsync("nobody", CancellationToken.None));
    }

    [Fact]
    public async Task List_SeveralUsers_SortedByName()
    {
        await using var db = await TestDatabase.CreateAsync();
        var admin = db.Get<UserAdministration>();
        await admin.AddUserAsync("zoe", "pw", [], NoClaims, CancellationToken.None);
        await admin.AddUserAsync("alex", "pw", [], NoClaims, CancellationToken.None);

        var users = await db.Get<UserAdministration>().ListAsync(CancellationToken.None);

        Assert.Equal(["alex", "zoe"], users.Select(u => u.Username));
    }

    [Fact]
    public async Task SetClaim_UnknownUser_FailsClearly()
    {
        await using var db = await TestDatabase.CreateAsync();

        var exception = await Assert.ThrowsAsync<UserAdministrationException>(
            () => db.Get<UserAdministration>().SetClaimAsync("nobody", ClaimUris.Email, "a@b.c", CancellationToken.None));

        Assert.Equal("There is no user named 'nobody'.", exception.Message);
    }

    [Fact]
    public async Task SetClaim_EmptyValue_RemovesTheClaim()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], [new(ClaimUris.Email, "a@b.c")], CancellationToken.None);

        await db.Get<UserAdministration>().SetClaimAsync("alex", ClaimUris.Email, string.Empty, CancellationToken.None);

        Assert.Empty((await db.Get<UserAdministration>().FindAsync("alex", CancellationToken.None))!.Claims);
    }

    [Fact]
    public async Task Unlock_LockedUser_ClearsFailuresAndLockout()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], NoClaims, CancellationToken.None);
        var context = db.Get<PickupDbContext>();
        var user = await context.Users.SingleAsync();
        user.FailedAttempts = 7;
        user.LockoutUntil = DateTimeOffset.UtcNow.AddHours(1);
        await context.SaveChangesAsync();
        Assert.True((await db.Get<UserAdministration>().FindAsync("alex", CancellationToken.None))!.IsLocked);

        await db.Get<UserAdministration>().UnlockAsync("alex", CancellationToken.None);

        var details = await db.Get<UserAdministration>().FindAsync("alex", CancellationToken.None);
        Assert.False(details!.IsLocked);
        Assert.Equal(0, details.FailedAttempts);
    }

    [Fact]
    public async Task Delete_User_RemovesClaimsRolesAndCredentialsButKeepsTheRole()
    {
        await using var db = await TestDatabase.CreateAsync();
        var admin = db.Get<UserAdministration>();
        await admin.AddRoleAsync("driver", ["login"], CancellationToken.None);
        await admin.AddUserAsync("alex", "pw", ["driver"], [new(SmsOtpClaims.Mobile, "94778888888"), new(ClaimUris.Email, "a@b.c")], CancellationToken.None);
        var alex = (await admin.FindAsync("alex", CancellationToken.None))!;
        var writer = db.Get<PickupDbContext>();
        writer.Credentials.Add(new CredentialEntity { UserId = alex.Id, Type = "recovery", SecretKind = "hashed", Secret = "$argon2id$x" });
        await writer.SaveChangesAsync();

        await db.Get<UserAdministration>().DeleteAsync("alex", CancellationToken.None);

        var context = db.Get<PickupDbContext>();
        Assert.Equal(0, await context.Users.CountAsync());
        Assert.Equal(0, await context.UserClaims.CountAsync());
        Assert.Equal(0, await context.UserRoles.CountAsync());
        Assert.Equal(0, await context.Credentials.CountAsync());
        Assert.Equal(1, await context.Roles.CountAsync());
        await Assert.ThrowsAsync<UserAdministrationException>(() => db.Get<UserAdministration>().DeleteAsync("alex", CancellationToken.None));
    }

    [Fact]
    public async Task EnsureRoleAndUser_RunTwice_CreateOnceAndResetPassword()
    {
        await using var db = await TestDatabase.CreateAsync();
        KeyValuePair<string, string>[] mobile = [new(SmsOtpClaims.Mobile, "94778888888")];

        await db.Get<UserAdministration>().EnsureRoleAsync("driver", ["login"], CancellationToken.None);
        await db.Get<UserAdministration>().EnsureUserAsync("alex", "first", ["driver"], mobile, CancellationToken.None);
        await db.Get<UserAdministration>().EnsureRoleAsync("driver", ["login"], CancellationToken.None);
        var second = await db.Get<UserAdministration>().EnsureUserAsync("alex", "second", ["driver"], mobile, CancellationToken.None);

        Assert.Equal(["driver"], second.Roles);
        Assert.Equal(1, await db.Get<PickupDbContext>().Users.CountAsync());
        Assert.Equal(1, await db.Get<PickupDbContext>().Roles.CountAsync());
        var directory = db.Get<IUserDirectory>();
        Assert.Equal(PasswordCheckStatus.Failed, (await directory.VerifyPasswordAsync("alex", "first", CancellationToken.None)).Status);
        var check = await directory.VerifyPasswordAsync("alex", "second", CancellationToken.None);
        Assert.Equal(PasswordCheckStatus.Succeeded, check.Status);
        Assert.Contains(DirectoryUser.LoginPermission, check.User!.Permissions);
    }

    [Fact]
    public async Task EnsureRole_Exists_AddsMissingPermissions()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Get<UserAdministration>().AddRoleAsync("driver", ["book"], CancellationToken.None);

        var role = await db.Get<UserAdministration>().EnsureRoleAsync("driver", ["login"], CancellationToken.None);

        Assert.Equal(["book", "login"], role.Permissions);
    }
}
