using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pickup.Data.Keys;

namespace Pickup.Data.Tests.Keys;

/// <summary>Key generations: BASE, BASE.2, …, made race-free, with pending, active, retired and expired states.</summary>
public sealed class ServerKeyGenerationsTests
{
    private const int Rotators = 4;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lead = TimeSpan.FromHours(24);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(14);

    [Fact]
    public async Task Rotate_MakesTheNextGeneration_AndSchedulesTheOldOnesRetirement()
    {
        var clock = new FakeTimeProvider(Start);
        await using var db = await TestDatabase.CreateAsync(time: clock);
        var store = db.Services.GetRequiredService<ServerKeyStore>();
        await store.GetOrCreateAsync("oidc-signing", () => new ServerKeyDraft("kid-1", "material-1"), CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(90));

        var (key, created) = await store.RotateAsync("oidc-signing", 1, () => new ServerKeyDraft("kid-2", "material-2"), Lead, Retention, CancellationToken.None);

        Assert.True(created);
        Assert.Equal("oidc-signing.2", key.Name);
        Assert.Equal(Start + TimeSpan.FromDays(90) + Lead, key.ActivatesAt);
        var rows = await store.ListAsync(CancellationToken.None);
        var first = Assert.Single(rows, r => r.Name == "oidc-signing");
        Assert.Equal(Start + TimeSpan.FromDays(90) + Lead + Retention, first.RetiresAt);
        Assert.Null(rows.Single(r => r.Name == "oidc-signing.2").RetiresAt);
        Assert.Equal("material-2", (await store.ReadAsync("oidc-signing.2", CancellationToken.None))!.Material);

        // A third generation retires the second; the first keeps the date it already had.
        clock.Advance(TimeSpan.FromDays(90));
        var (third, _) = await store.RotateAsync("oidc-signing", 2, () => new ServerKeyDraft("kid-3", "material-3"), TimeSpan.Zero, Retention, CancellationToken.None);
        Assert.Equal("oidc-signing.3", third.Name);
        rows = await store.ListAsync(CancellationToken.None);
        Assert.Equal(first.RetiresAt, rows.Single(r => r.Name == "oidc-signing").RetiresAt);
        Assert.Equal(clock.GetUtcNow() + Retention, rows.Single(r => r.Name == "oidc-signing.2").RetiresAt);
    }

    [Fact]
    public Task ConcurrentRotations_Sqlite_MakeOneKey() => ConcurrentRotationsAsync(postgres: false);

    [PostgresFact]
    public Task ConcurrentRotations_Postgres_MakeOneKey() => ConcurrentRotationsAsync(postgres: true);

    [Fact]
    public void States_FollowTheClock()
    {
        var first = new ServerKeyInfo("tokens-signing", "kid-1", Start, null, Start.AddDays(2) + Retention, Sealed: false);
        var second = new ServerKeyInfo("tokens-signing.2", "kid-2", Start.AddDays(1), Start.AddDays(2), null, Sealed: false);
        var unrelated = new ServerKeyInfo("tokens-signing-other", "kid-x", Start, null, null, Sealed: false);
        var generations = new ServerKeyGenerations("tokens-signing", [second, unrelated, first]);

        Assert.Equal([1, 2], generations.All.Select(g => g.Generation));
        Assert.Equal(2, generations.Latest);

        var beforeRotation = Start.AddHours(12);
        Assert.Equal((ServerKeyState.Active, ServerKeyState.Pending), (generations.StateOf(first, beforeRotation), generations.StateOf(second, beforeRotation)));
        Assert.Same(first, generations.ActiveAt(beforeRotation));
        Assert.True(generations.HasPending(beforeRotation));

        var afterActivation = Start.AddDays(3);
        Assert.Equal((ServerKeyState.Retired, ServerKeyState.Active), (generations.StateOf(first, afterActivation), generations.StateOf(second, afterActivation)));
        Assert.False(generations.HasPending(afterActivation));

        var afterRetirement = Start.AddDays(2) + Retention;
        Assert.Equal((ServerKeyState.Expired, ServerKeyState.Active), (generations.StateOf(first, afterRetirement), generations.StateOf(second, afterRetirement)));
    }

    [Theory]
    [InlineData("oidc-signing", 1)]
    [InlineData("oidc-signing.2", 2)]
    [InlineData("oidc-signing.17", 17)]
    [InlineData("oidc-signing.1", null)]
    [InlineData("oidc-signing.02", null)]
    [InlineData("oidc-signing.", null)]
    [InlineData("oidc-signing.x", null)]
    [InlineData("oidc-signing-2", null)]
    [InlineData("oidc-encryption", null)]
    public void GenerationOf_ReadsOnlyTheNamesRotationMakes(string name, int? generation) =>
        Assert.Equal(generation, ServerKeyInfo.GenerationOf(name, "oidc-signing"));

    [Fact]
    public async Task List_HoldsNoMaterial_AndSaysWhichRowsAreSealed()
    {
        var kek = RandomNumberGenerator.GetBytes(32);
        await using var db = await TestDatabase.CreateAsync(configure: s => s.AddSingleton(ServerKeyEncryption.WithKey(kek)));
        var context = db.Get<PickupDbContext>();
        context.ServerKeys.Add(new() { Name = "tokens-signing", KeyId = "kid-1", Material = "clear material" });
        await context.SaveChangesAsync();
        var store = db.Services.GetRequiredService<ServerKeyStore>();
        await store.GetOrCreateAsync("oidc-signing", () => new ServerKeyDraft("kid-2", "secret material"), CancellationToken.None);

        var rows = await store.ListAsync(CancellationToken.None);

        Assert.Equal(["oidc-signing", "tokens-signing"], rows.Select(r => r.Name));
        Assert.Equal([true, false], rows.Select(r => r.Sealed));
        Assert.All(rows, r => Assert.DoesNotContain("material", r.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClearRow_KeyEncryptionKeySetLater_IsSealedWhenTheRingReadsIt()
    {
        var kek = RandomNumberGenerator.GetBytes(32);
        await using var db = await TestDatabase.CreateAsync(configure: s => s.AddSingleton(ServerKeyEncryption.WithKey(kek)));
        var context = db.Get<PickupDbContext>();
        context.ServerKeys.Add(new() { Name = DatabaseXmlRepository.Prefix + "k1", KeyId = "k1", Material = "<key id=\"k1\" />" });
        await context.SaveChangesAsync();

        var keys = db.Services.GetRequiredService<ServerKeyStore>().ListWithPrefix(DatabaseXmlRepository.Prefix);

        Assert.Equal("<key id=\"k1\" />", Assert.Single(keys).Material);
        var row = await db.Get<PickupDbContext>().ServerKeys.AsNoTracking().SingleAsync();
        Assert.NotNull(row.Nonce);
        Assert.DoesNotContain("key id", row.Material, StringComparison.Ordinal);
    }

    private static async Task ConcurrentRotationsAsync(bool postgres)
    {
        await using var db = await TestDatabase.CreateAsync(postgres: postgres);
        var store = db.Services.GetRequiredService<ServerKeyStore>();
        await store.GetOrCreateAsync("oidc-signing", () => new ServerKeyDraft("kid-1", "material-1"), CancellationToken.None);

        // Every rotator finds generation 2 missing and makes its own draft before any inserts: all race for one name.
        using var allLookedFirst = new Barrier(Rotators);
        var attempts = Enumerable.Range(0, Rotators).Select(i => Task.Run(() => store.RotateAsync(
            "oidc-signing",
            1,
            () =>
            {
                Assert.True(allLookedFirst.SignalAndWait(TimeSpan.FromSeconds(30)), "the rotators did not all find the generation missing");
                return new ServerKeyDraft("kid-2-" + i, "material-2-" + i);
            },
            Lead,
            Retention,
            CancellationToken.None))).ToList();
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r.Created);
        var rows = await db.Get<PickupDbContext>().ServerKeys.AsNoTracking().Select(r => r.Name).ToListAsync();
        Assert.Equal(["oidc-signing", "oidc-signing.2"], rows.Order(StringComparer.Ordinal));
        Assert.All(results, r => Assert.Equal(results.Single(w => w.Created).Key.KeyId, r.Key.KeyId));
    }
}
