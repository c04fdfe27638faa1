using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pickup.Core.Auditing;
using Pickup.Core.Configuration;
using Pickup.Core.Sessions;
using Pickup.Data.Sessions;
using Pickup.Data.Users;

namespace Pickup.Data.Tests.Sessions;

public sealed class SsoSessionStoreTests
{
    private static readonly SessionOptions Lifetimes = new() { SsoIdleSeconds = 600, SsoMaxSeconds = 3600 };

    private static readonly Dictionary<string, DateTimeOffset> NoFactors = [];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));

    private readonly RecordingNotifier _notifier = new();

    private Task<TestDatabase> CreateDatabaseAsync(bool postgres = false) =>
        TestDatabase.CreateAsync(time: _clock, postgres: postgres, configure: services => services
            .AddSingleton(Lifetimes)
            .AddSingleton<ISessionLogoutNotifier>(_notifier));

    private Task<SsoSession> CreateAsync(TestDatabase db, string cookie, string userId = "user-1") =>
        db.Get<SsoSessionStore>().CreateAsync(
            cookie,
            userId,
            new Dictionary<string, DateTimeOffset> { ["basic"] = _clock.GetUtcNow() },
            _clock.GetUtcNow(),
            "dispatch",
            "sub-1",
            CancellationToken.None);

    [Fact]
    public async Task Create_StoresOnlyTheCookieHash_AndFindsTheSessionByTheCookieAlone()
    {
        await using var db = await CreateDatabaseAsync();
        var cookie = SsoSessionStore.NewCookieValue();
        var created = await CreateAsync(db, cookie);

        var row = await db.Get<PickupDbContext>().SsoSessions.AsNoTracking().SingleAsync();
        Assert.Equal(SsoSessionStore.HashCookie(cookie), row.SecretHash);
        Assert.DoesNotContain(cookie, string.Join("|", row.Id, row.SecretHash, row.Factors, row.Clients, row.UserId), StringComparison.Ordinal);
        Assert.Equal(22, created.Id.Length);

        var found = await db.Get<SsoSessionStore>().FindByCookieAsync(cookie, CancellationToken.None);
        Assert.Equal(created.Id, found.Session?.Id);
        Assert.Equal("sub-1", found.Session!.Clients["dispatch"]);
        Assert.Equal(["basic"], found.Session.Factors.Keys);

        // What a database reader sees, or a value the engine never issued, finds nothing.
        Assert.Null((await db.Get<SsoSessionStore>().FindByCookieAsync(row.SecretHash, CancellationToken.None)).Session);
        Assert.Null((await db.Get<SsoSessionStore>().FindByCookieAsync(created.Id, CancellationToken.None)).Session);
        Assert.Null((await db.Get<SsoSessionStore>().FindByCookieAsync(SsoSessionStore.NewCookieValue(), CancellationToken.None)).Session);
    }

    [Fact]
    public async Task Find_UnusedPastIdleTimeout_EndsTheSessionAndAuditsIt()
    {
        await using var db = await CreateDatabaseAsync();
        var cookie = SsoSessionStore.NewCookieValue();
        var created = await CreateAsync(db, cookie);

        _clock.Advance(TimeSpan.FromSeconds(599));
        Assert.NotNull((await db.Get<SsoSessionStore>().FindByCookieAsync(cookie, CancellationToken.None)).Session);
        _clock.Advance(TimeSpan.FromSeconds(2));

        var lookup = await db.Get<SsoSessionStore>().FindByCookieAsync(cookie, CancellationToken.None);

        Assert.Null(lookup.Session);
        Assert.Equal(created.Id, lookup.Expired?.Id);
        Assert.Equal(0, await db.Get<PickupDbContext>().SsoSessions.CountAsync());
        var ended = Assert.Single(await db.Get<IAuditLog>().TailAsync(10, AuditEventTypes.SsoEnded, CancellationToken.None));
        Assert.Equal($"{created.Id}: expired", ended.Detail);
        Assert.Equal(created.Id, Assert.Single(_notifier.Ended).SessionId);
    }

    [Fact]
    public async Task RecordLogin_KeepsTheSessionAliveUntilItsAbsoluteEnd()
    {
        await using var db = await CreateDatabaseAsync();
        var cookie = SsoSessionStore.NewCookieValue();
        var created = await CreateAsync(db, cookie);

        // Used every 500 s (under the idle timeout) it lives, but never past sso_max_seconds.
        for (var used = 500; used < 3600; used += 500)
        {
            _clock.Advance(TimeSpan.FromSeconds(500));
            Assert.NotNull(await db.Get<SsoSessionStore>().RecordLoginAsync(
                created.Id, new Dictionary<string, DateTimeOffset> { ["totp"] = _clock.GetUtcNow() }, _clock.GetUtcNow(), "second", "sub-2", CancellationToken.None));
        }

        var live = (await db.Get<SsoSessionStore>().FindByCookieAsync(cookie, CancellationToken.None)).Session!;
        Assert.Equal(["basic", "totp"], live.Factors.Keys.Order());
        Assert.Equal(new Dictionary<string, string> { ["dispatch"] = "sub-1", ["second"] = "sub-2" }, live.Clients);
        Assert.Equal(_clock.GetUtcNow(), live.AuthTime);

        _clock.Advance(TimeSpan.FromSeconds(3600 - 3500));
        Assert.Null((await db.Get<SsoSessionStore>().FindByCookieAsync(cookie, CancellationToken.None)).Session);
    }

    [Fact]
    public async Task EndAll_EndsEveryOneOfTheUsersSessionsAndNoOneElses()
    {
        await using var db = await CreateDatabaseAsync();
        var first = await CreateAsync(db, SsoSessionStore.NewCookieValue());
        var second = await CreateAsync(db, SsoSessionStore.NewCookieValue());
        var others = SsoSessionStore.NewCookieValue();
        await CreateAsync(db, others, "user-2");

        var ended = await db.Get<SsoSessionStore>().EndAllAsync("user-1", "revoked", CancellationToken.None);

        string[] expected = [.. new[] { first.Id, second.Id }.Order(StringComparer.Ordinal)];
        Assert.Equal(expected, ended.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Equal(expected, _notifier.Ended.Select(e => e.SessionId).Order(StringComparer.Ordinal));
        Assert.Equal("sub-1", _notifier.Ended[0].Clients["dispatch"]);
        Assert.Equal("user-2", Assert.Single(await db.Get<SsoSessionStore>().ListAsync(null, CancellationToken.None)).UserId);
        Assert.NotNull((await db.Get<SsoSessionStore>().FindByCookieAsync(others, CancellationToken.None)).Session);
    }

    [Fact]
    public async Task DeletingOrLockingAUser_EndsTheirSessions()
    {
        await using var db = await CreateDatabaseAsync();
        var users = db.Get<UserAdministration>();
        var alex = await users.AddUserAsync("alex", "pw", [], [], CancellationToken.None);
        var sam = await users.AddUserAsync("sam", "pw", [], [], CancellationToken.None);
        await CreateAsync(db, SsoSessionStore.NewCookieValue(), alex.Id);
        await CreateAsync(db, SsoSessionStore.NewCookieValue(), sam.Id);

        await db.Get<UserAdministration>().DeleteAsync("alex", CancellationToken.None);
        Assert.Empty(await db.Get<SsoSessionStore>().ListAsync(alex.Id, CancellationToken.None));
        Assert.Single(await db.Get<SsoSessionStore>().ListAsync(sam.Id, CancellationToken.None));

        var limits = new LoginLimitsOptions { LockoutAfter = 1, LockoutSeconds = 60 };
        Assert.True((await db.Get<AccountLockout>().RecordFailureAsync(sam.Id, limits, CancellationToken.None)).StartedLockout);
        Assert.Empty(await db.Get<SsoSessionStore>().ListAsync(null, CancellationToken.None));
        var reasons = (await db.Get<IAuditLog>().TailAsync(10, AuditEventTypes.SsoEnded, CancellationToken.None)).Select(e => e.Detail!.Split(": ")[1]);
        Assert.Equal(["the account is locked", "the user was deleted"], reasons.Order());
    }

    [Fact]
    public async Task Purge_DeletesExpiredSessionsOnly()
    {
        await using var db = await CreateDatabaseAsync();
        await PurgeAsync(db);
    }

    [PostgresFact]
    public async Task Purge_OnPostgres_DeletesExpiredSessionsOnly()
    {
        await using var db = await CreateDatabaseAsync(postgres: true);
        await PurgeAsync(db);
    }

    private async Task PurgeAsync(TestDatabase db)
    {
        var idle = await CreateAsync(db, SsoSessionStore.NewCookieValue());
        _clock.Advance(TimeSpan.FromSeconds(300));
        var fresh = SsoSessionStore.NewCookieValue();
        await CreateAsync(db, fresh);
        _clock.Advance(TimeSpan.FromSeconds(301));

        Assert.Equal(1, await db.Get<SsoSessionStore>().PurgeExpiredAsync(CancellationToken.None));

        var left = Assert.Single(await db.Get<PickupDbContext>().SsoSessions.AsNoTracking().ToListAsync());
        Assert.NotEqual(idle.Id, left.Id);
        Assert.NotNull((await db.Get<SsoSessionStore>().FindByCookieAsync(fresh, CancellationToken.None)).Session);
    }

    [Fact]
    public async Task Disabled_FindsNothing()
    {
        await using var db = await TestDatabase.CreateAsync(time: _clock, configure: services => services.AddSingleton(new SessionOptions { SsoIdleSeconds = 0 }));
        var cookie = SsoSessionStore.NewCookieValue();
        await CreateAsync(db, cookie);

        Assert.False(db.Get<SsoSessionStore>().Enabled);
        Assert.Null((await db.Get<SsoSessionStore>().FindByCookieAsync(cookie, CancellationToken.None)).Session);
    }

    private sealed class RecordingNotifier : ISessionLogoutNotifier
    {
        public List<(string SessionId, IReadOnlyDictionary<string, string> Clients)> Ended { get; } = [];

        public void SessionEnded(string sessionId, IReadOnlyDictionary<string, string> clientSubjects)
        {
            lock (Ended)
            {
                Ended.Add((sessionId, clientSubjects));
            }
        }
    }
}
