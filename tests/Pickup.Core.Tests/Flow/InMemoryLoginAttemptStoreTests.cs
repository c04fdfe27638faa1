using Microsoft.Extensions.Time.Testing;
using Pickup.Core.Flow;

namespace Pickup.Core.Tests.Flow;

/// <summary>The single-node attempt store: copies, compare-and-swap on the version, expiry and a bounded size.</summary>
public sealed class InMemoryLoginAttemptStoreTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task CreateAsync_NewAttempt_StartsAtVersionOneAndIsFound()
    {
        var store = new InMemoryLoginAttemptStore(_clock);
        var attempt = NewAttempt("k1");

        await store.CreateAsync(attempt, CancellationToken.None);
        var found = await store.FindAsync("k1", CancellationToken.None);

        Assert.Equal(1, attempt.Version);
        Assert.NotNull(found);
        Assert.Equal((1L, "sp", "client"), (found.Version, found.ServiceProvider, found.ClientId));
    }

    [Fact]
    public async Task CreateAsync_KeyAlreadyStored_Throws()
    {
        var store = new InMemoryLoginAttemptStore(_clock);
        await store.CreateAsync(NewAttempt("k1"), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateAsync(NewAttempt("k1"), CancellationToken.None));
    }

    [Fact]
    public async Task FindAsync_CallerChangesItsCopy_StoredAttemptUnchanged()
    {
        var store = new InMemoryLoginAttemptStore(_clock);
        await store.CreateAsync(NewAttempt("k1"), CancellationToken.None);

        var copy = (await store.FindAsync("k1", CancellationToken.None))!;
        copy.State["secret"] = "changed";
        copy.StepIndex = 5;

        var again = (await store.FindAsync("k1", CancellationToken.None))!;
        Assert.Empty(again.State);
        Assert.Equal(0, again.StepIndex);
    }

    [Fact]
    public async Task TryUpdateAsync_CurrentVersion_SavesAndBumpsVersion()
    {
        var store = new InMemoryLoginAttemptStore(_clock);
        await store.CreateAsync(NewAttempt("k1"), CancellationToken.None);
        var copy = (await store.FindAsync("k1", CancellationToken.None))!;
        copy.StepIndex = 1;

        Assert.True(await store.TryUpdateAsync(copy, CancellationToken.None));

        Assert.Equal(2, copy.Version);
        var saved = (await store.FindAsync("k1", CancellationToken.None))!;
        Assert.Equal((2L, 1), (saved.Version, saved.StepIndex));
    }

    [Fact]
    public async Task TryUpdateAsync_StaleVersion_LosesAndLeavesWinnersState()
    {
        var store = new InMemoryLoginAttemptStore(_clock);
        await store.CreateAsync(NewAttempt("k1"), CancellationToken.None);
        var winner = (await store.FindAsync("k1", CancellationToken.None))!;
        var loser = (await store.FindAsync("k1", CancellationToken.None))!;
        winner.State["by"] = "winner";
        loser.State["by"] = "loser";

        Assert.True(await store.TryUpdateAsync(winner, CancellationToken.None));
        Assert.False(await store.TryUpdateAsync(loser, CancellationToken.None));

        Assert.Equal(1, loser.Version);
        Assert.Equal("winner", (await store.FindAsync("k1", CancellationToken.None))!.State["by"]);
    }

    [Fact]
    public async Task TryUpdateAsync_ManyCopiesOfOneVersionAtOnce_ExactlyOneWins()
    {
        var store = new InMemoryLoginAttemptStore(_clock);
        await store.CreateAsync(NewAttempt("k1"), CancellationToken.None);
        var copies = new List<LoginAttempt>();
        for (var i = 0; i < 16; i++)
        {
            copies.Add((await store.FindAsync("k1", CancellationToken.None))!);
        }

        var results = await Task.WhenAll(copies.Select(c => Task.Run(() => store.TryUpdateAsync(c, CancellationToken.None))));

        Assert.Single(results, r => r);
        Assert.Equal(2, (await store.FindAsync("k1", CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task TryUpdateAsync_UnknownKey_ReturnsFalseWithoutCreating()
    {
        var store = new InMemoryLoginAttemptStore(_clock);

        Assert.False(await store.TryUpdateAsync(NewAttempt("never-created"), CancellationToken.None));
        Assert.Null(await store.FindAsync("never-created", CancellationToken.None));
    }

    [Fact]
    public async Task TryRemoveAsync_SecondTime_ReturnsFalse()
    {
        var store = new InMemoryLoginAttemptStore(_clock);
        await store.CreateAsync(NewAttempt("k1"), CancellationToken.None);

        Assert.True(await store.TryRemoveAsync("k1", CancellationToken.None));
        Assert.False(await store.TryRemoveAsync("k1", CancellationToken.None));
        Assert.Null(await store.FindAsync("k1", CancellationToken.None));
    }

    [Fact]
    public async Task FindAsync_AtExpiry_ReturnsNull()
    {
        var store = new InMemoryLoginAttemptStore(_clock);
        await store.CreateAsync(NewAttempt("k1", lifetime: TimeSpan.FromMinutes(15)), CancellationToken.None);

        _clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromTicks(1));
        Assert.NotNull(await store.FindAsync("k1", CancellationToken.None));
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.Null(await store.FindAsync("k1", CancellationToken.None));
    }

    [Fact]
    public async Task CreateAsync_AtCapacityAllInUse_RefusesAsFullUntilOneIsRemoved()
    {
        var store = new InMemoryLoginAttemptStore(_clock, capacity: 2);
        await store.CreateAsync(NewAttempt("k1", posted: true), CancellationToken.None);
        await store.CreateAsync(NewAttempt("k2", posted: true), CancellationToken.None);

        await Assert.ThrowsAsync<LoginAttemptStoreFullException>(() => store.CreateAsync(NewAttempt("k3"), CancellationToken.None));
        await store.TryRemoveAsync("k1", CancellationToken.None);
        await store.CreateAsync(NewAttempt("k3"), CancellationToken.None);

        Assert.NotNull(await store.FindAsync("k2", CancellationToken.None));
        Assert.NotNull(await store.FindAsync("k3", CancellationToken.None));
    }

    [Fact]
    public async Task CreateAsync_AtCapacity_EvictsTheOldestUntouchedAttemptNeverOneInUse()
    {
        var store = new InMemoryLoginAttemptStore(_clock, capacity: 3);
        await store.CreateAsync(NewAttempt("in-use", posted: true), CancellationToken.None);
        await store.CreateAsync(NewAttempt("flood-1"), CancellationToken.None);
        await store.CreateAsync(NewAttempt("flood-2"), CancellationToken.None);

        await store.CreateAsync(NewAttempt("flood-3"), CancellationToken.None);
        await store.CreateAsync(NewAttempt("flood-4"), CancellationToken.None);

        Assert.NotNull(await store.FindAsync("in-use", CancellationToken.None));
        Assert.Null(await store.FindAsync("flood-1", CancellationToken.None));
        Assert.Null(await store.FindAsync("flood-2", CancellationToken.None));
        Assert.NotNull(await store.FindAsync("flood-3", CancellationToken.None));
        Assert.NotNull(await store.FindAsync("flood-4", CancellationToken.None));
    }

    [Fact]
    public async Task CreateAsync_AttemptPostedToAfterItWasCreated_IsNoLongerEvicted()
    {
        var store = new InMemoryLoginAttemptStore(_clock, capacity: 2);
        await store.CreateAsync(NewAttempt("driver"), CancellationToken.None);
        await store.CreateAsync(NewAttempt("flood-1"), CancellationToken.None);
        var driver = (await store.FindAsync("driver", CancellationToken.None))!;
        driver.Posted = true;
        Assert.True(await store.TryUpdateAsync(driver, CancellationToken.None));

        await store.CreateAsync(NewAttempt("flood-2"), CancellationToken.None);
        await store.CreateAsync(NewAttempt("flood-3"), CancellationToken.None);

        Assert.NotNull(await store.FindAsync("driver", CancellationToken.None));
        Assert.NotNull(await store.FindAsync("flood-3", CancellationToken.None));
        Assert.Null(await store.FindAsync("flood-2", CancellationToken.None));
    }

    [Fact]
    public async Task CreateAsync_FullOfAttemptsInUse_StillStoresAPostedSuccessor()
    {
        var store = new InMemoryLoginAttemptStore(_clock, capacity: 1);
        await store.CreateAsync(NewAttempt("step-1", posted: true), CancellationToken.None);

        await store.CreateAsync(NewAttempt("step-2", posted: true), CancellationToken.None);

        Assert.NotNull(await store.FindAsync("step-2", CancellationToken.None));
    }

    [Fact]
    public async Task CreateAsync_FullOfExpiredAttempts_SweepsThemAndAccepts()
    {
        var store = new InMemoryLoginAttemptStore(_clock, capacity: 1);
        await store.CreateAsync(NewAttempt("old", lifetime: TimeSpan.FromSeconds(30), posted: true), CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(31));
        await store.CreateAsync(NewAttempt("new"), CancellationToken.None);

        Assert.NotNull(await store.FindAsync("new", CancellationToken.None));
        Assert.Null(await store.FindAsync("old", CancellationToken.None));
    }

    [Fact]
    public async Task TryUpdateAsync_CallerMovesExpiry_StoreKeepsAttemptUntilNewExpiry()
    {
        var store = new InMemoryLoginAttemptStore(_clock);
        await store.CreateAsync(NewAttempt("k1", lifetime: TimeSpan.FromMinutes(1)), CancellationToken.None);
        var copy = (await store.FindAsync("k1", CancellationToken.None))!;
        copy.ExpiresAt = _clock.GetUtcNow() + TimeSpan.FromMinutes(10);

        await store.TryUpdateAsync(copy, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(5));

        Assert.NotNull(await store.FindAsync("k1", CancellationToken.None));
    }

    private LoginAttempt NewAttempt(string key, TimeSpan? lifetime = null, bool posted = false) => new()
    {
        Posted = posted,
        SessionDataKey = key,
        BrowserBinding = BrowserBinding.Hash("cookie"),
        ServiceProvider = "sp",
        ClientId = "client",
        AuthorizeParameters = new Dictionary<string, string>(StringComparer.Ordinal),
        CreatedAt = _clock.GetUtcNow(),
        ExpiresAt = _clock.GetUtcNow() + (lifetime ?? TimeSpan.FromMinutes(15)),
    };
}
