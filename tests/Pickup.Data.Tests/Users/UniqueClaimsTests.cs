using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Users;
using Pickup.Core.Configuration;
using Pickup.Data.Entities;
using Pickup.Data.Users;
using Pickup.Plugins.SmsOtp;

namespace Pickup.Data.Tests.Users;

/// <summary>A mobile number, and every claim a service provider takes the token's sub from, belong to at most one user.</summary>
public sealed class UniqueClaimsTests
{
    private const string EmployeeId = "http://wso2.org/claims/employeeid";
    private static readonly KeyValuePair<string, string>[] NoClaims = [];

    [Fact]
    public async Task SetClaim_MobileAnotherUserHasInAnyFormat_ThrowsTakenAndWritesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (_, sam) = await AddAlexWithMobileAndSamAsync(db);

        var exception = await Assert.ThrowsAsync<ClaimValueTakenException>(
            () => db.Get<IUserDirectory>().SetClaimAsync(sam, SmsOtpClaims.Mobile, "+94 77 888 8888", CancellationToken.None));

        Assert.Equal(SmsOtpClaims.Mobile, exception.ClaimUri);
        Assert.DoesNotContain("94778888888", exception.Message, StringComparison.Ordinal);
        Assert.False((await db.Get<IUserDirectory>().FindByIdAsync(sam, CancellationToken.None))!.Claims.ContainsKey(SmsOtpClaims.Mobile));
    }

    [Fact]
    public async Task IsClaimValueTaken_AnswersForOtherUsersOnly()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (alex, sam) = await AddAlexWithMobileAndSamAsync(db);
        var directory = db.Get<IUserDirectory>();

        Assert.True(await directory.IsClaimValueTakenAsync(sam, SmsOtpClaims.Mobile, "+94 77-888 8888", CancellationToken.None));
        Assert.False(await directory.IsClaimValueTakenAsync(alex, SmsOtpClaims.Mobile, "94778888888", CancellationToken.None));
        Assert.False(await directory.IsClaimValueTakenAsync(sam, SmsOtpClaims.Mobile, "94771234567", CancellationToken.None));
        Assert.False(await directory.IsClaimValueTakenAsync(sam, SmsOtpClaims.Mobile, "not a number", CancellationToken.None));
    }

    [Fact]
    public async Task AdminSetClaim_MobileAnotherUserHas_FailsNamingClaimAndHolderAndChangesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        await AddAlexWithMobileAndSamAsync(db);
        await db.Get<UserAdministration>().SetClaimAsync("sam", SmsOtpClaims.Mobile, "94771234567", CancellationToken.None);

        var exception = await Assert.ThrowsAsync<UserAdministrationException>(
            () => db.Get<UserAdministration>().SetClaimAsync("sam", SmsOtpClaims.Mobile, "94778888888", CancellationToken.None));

        Assert.Contains(SmsOtpClaims.Mobile, exception.Message, StringComparison.Ordinal);
        Assert.Contains("'alex'", exception.Message, StringComparison.Ordinal);
        Assert.Equal("94771234567", (await db.Get<UserAdministration>().FindAsync("sam", CancellationToken.None))!.Claims[SmsOtpClaims.Mobile]);
    }

    [Fact]
    public async Task AdminAddUser_MobileAnotherUserHas_FailsAndCreatesNobody()
    {
        await using var db = await TestDatabase.CreateAsync();
        await AddAlexWithMobileAndSamAsync(db);

        var exception = await Assert.ThrowsAsync<UserAdministrationException>(
            () => db.Get<UserAdministration>().AddUserAsync("kim", "pw", [], [new(SmsOtpClaims.Mobile, "94778888888")], CancellationToken.None));

        Assert.Contains("'alex'", exception.Message, StringComparison.Ordinal);
        Assert.Null(await db.Get<UserAdministration>().FindAsync("kim", CancellationToken.None));
    }

    [Fact]
    public async Task Database_TwoRowsWithOneUniqueValue_RefusedByTheIndex()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (_, sam) = await AddAlexWithMobileAndSamAsync(db);
        var context = db.Get<PickupDbContext>();

        // What two requests racing past the application's check would write.
        context.UserClaims.Add(new UserClaimEntity { UserId = sam, ClaimUri = SmsOtpClaims.Mobile, Value = "94778888888", UniqueValue = "94778888888" });

        await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync());
    }

    [Fact]
    public async Task SetClaim_UsersRacingForOneNumber_OneWinsEveryOtherGetsTakenNeverADatabaseError()
    {
        await using var db = await TestDatabase.CreateAsync();
        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add((await db.Get<UserAdministration>().AddUserAsync($"driver{i}", "pw", [], NoClaims, CancellationToken.None)).Id);
        }

        // Each in its own scope (request), all at once: several may pass the check before the first save lands, and
        // then the unique index decides; a loser must see ClaimValueTakenException, not the database's error.
        var directories = ids.Select(_ => db.Get<IUserDirectory>()).ToList();
        var outcomes = await Task.WhenAll(ids.Select(async (id, i) =>
        {
            try
            {
                await Task.Yield();
                await directories[i].SetClaimAsync(id, SmsOtpClaims.Mobile, "94775550009", CancellationToken.None);
                return "saved";
            }
            catch (ClaimValueTakenException)
            {
                return "taken";
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == "saved"));
        Assert.Equal(ids.Count - 1, outcomes.Count(o => o == "taken"));
        Assert.Equal(1, await db.Get<PickupDbContext>().UserClaims.CountAsync(c => c.ClaimUri == SmsOtpClaims.Mobile));
    }

    [Fact]
    public async Task SetClaim_ClaimNotUnique_SameValueAllowed()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (alex, sam) = await AddAlexWithMobileAndSamAsync(db);

        await db.Get<IUserDirectory>().SetClaimAsync(alex, ClaimUris.GivenName, "Sam", CancellationToken.None);
        await db.Get<IUserDirectory>().SetClaimAsync(sam, ClaimUris.GivenName, "Sam", CancellationToken.None);
    }

    [Fact]
    public async Task EnforceUniqueClaims_SubjectClaimWithSharedValue_NamesTheUsersAndPicksNone()
    {
        await using var db = await TestDatabase.CreateAsync();
        var admin = db.Get<UserAdministration>();
        await admin.AddUserAsync("alex", "pw", [], [new(EmployeeId, "E-1")], CancellationToken.None);
        await admin.AddUserAsync("sam", "pw", [], [new(EmployeeId, "E-1")], CancellationToken.None);
        await admin.AddUserAsync("kim", "pw", [], [new(EmployeeId, "E-2")], CancellationToken.None);

        // A service provider now takes its sub from the employee id.
        await using (var restarted = await UniqueOverAsync(db, EmployeeId))
        {
            var shared = Assert.Single(await restarted.Services.EnforceUniqueClaimsAsync(CancellationToken.None));
            Assert.Equal(EmployeeId, shared.ClaimUri);
            Assert.Equal(["alex", "sam"], shared.Usernames);
            Assert.Contains("set-claim", shared.ToString(), StringComparison.Ordinal);

            // The values nobody shares are enforced already; the shared ones are left as they were.
            var rows = await restarted.Context.UserClaims.AsNoTracking().Where(c => c.ClaimUri == EmployeeId).ToListAsync();
            Assert.Equal(["E-2"], rows.Where(r => r.UniqueValue is not null).Select(r => r.UniqueValue));
            Assert.Equal(3, rows.Count);

            // The admin fixes it; new duplicates are refused meanwhile.
            var fixing = restarted.Admin;
            await Assert.ThrowsAsync<UserAdministrationException>(() => fixing.SetClaimAsync("kim", EmployeeId, "E-1", CancellationToken.None));
            await fixing.SetClaimAsync("sam", EmployeeId, "E-3", CancellationToken.None);
            Assert.Empty(await restarted.Services.EnforceUniqueClaimsAsync(CancellationToken.None));
            Assert.Equal(3, await restarted.Context.UserClaims.CountAsync(c => c.ClaimUri == EmployeeId && c.UniqueValue != null));
        }

        // No service provider uses it any more: its values are released.
        await using var plain = await UniqueOverAsync(db);
        Assert.Empty(await plain.Services.EnforceUniqueClaimsAsync(CancellationToken.None));
        Assert.Equal(0, await plain.Context.UserClaims.CountAsync(c => c.ClaimUri == EmployeeId && c.UniqueValue != null));
        await plain.Admin.SetClaimAsync("kim", EmployeeId, "E-1", CancellationToken.None);
    }

    private static async Task<(string Alex, string Sam)> AddAlexWithMobileAndSamAsync(TestDatabase db)
    {
        var alex = await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], [new(SmsOtpClaims.Mobile, "94778888888")], CancellationToken.None);
        var sam = await db.Get<UserAdministration>().AddUserAsync("sam", "pw", [], NoClaims, CancellationToken.None);
        return (alex.Id, sam.Id);
    }

    // The same database opened again as a server whose service providers take their sub from subjectClaims.
    private static async Task<Reopened> UniqueOverAsync(TestDatabase db, params string[] subjectClaims)
    {
        var services = new ServiceCollection()
            .AddSingleton(TestDatabase.ClaimRules(subjectClaims))
            .AddPickupData(new DatabaseOptions { Type = "sqlite", Connection = "Data Source=data/pickup.db" }, TestDatabase.FastHash, db.Home)
            .BuildServiceProvider();
        await services.InitializeDatabaseAsync(CancellationToken.None);
        return new Reopened(services);
    }

    private sealed class Reopened(ServiceProvider services) : IAsyncDisposable
    {
        private readonly AsyncServiceScope _scope = services.CreateAsyncScope();

        public IServiceProvider Services => services;

        public PickupDbContext Context => _scope.ServiceProvider.GetRequiredService<PickupDbContext>();

        public UserAdministration Admin => _scope.ServiceProvider.GetRequiredService<UserAdministration>();

        public async ValueTask DisposeAsync()
        {
            await _scope.DisposeAsync();
            await services.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }
}
