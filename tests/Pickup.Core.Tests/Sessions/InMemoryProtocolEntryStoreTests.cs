using Microsoft.Extensions.Time.Testing;
using Pickup.Core.Sessions.Protocol;

namespace Pickup.Core.Tests.Sessions;

public sealed class InMemoryProtocolEntryStoreTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Create_AFloodPastTheCapacity_KeepsTheCapacity_AndTheNewestEntries()
    {
        var store = new InMemoryProtocolEntryStore(_clock, capacity: 50);
        var created = new List<ProtocolEntry>();
        for (var i = 0; i < 1000; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            var entry = Entry(TimeSpan.FromMinutes(5));
            created.Add(entry);
            await store.CreateAsync(entry, CancellationToken.None);
            Assert.True(store.Count <= 50, $"{store.Count} entries after {i + 1} created");
        }

        Assert.NotNull(await store.FindByIdAsync(created[^1].Id, CancellationToken.None));
        Assert.NotNull(await store.FindByReferenceIdAsync(created[^1].ReferenceId!, CancellationToken.None));
        Assert.Null(await store.FindByIdAsync(created[0].Id, CancellationToken.None));
        Assert.Null(await store.FindByReferenceIdAsync(created[0].ReferenceId!, CancellationToken.None));
    }

    [Fact]
    public async Task Find_AfterTheExpiry_FindsNothing_AndTheNextWriteDropsIt()
    {
        var store = new InMemoryProtocolEntryStore(_clock, capacity: 10);
        var entry = Entry(TimeSpan.FromMinutes(5));
        await store.CreateAsync(entry, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Null(await store.FindByIdAsync(entry.Id, CancellationToken.None));
        Assert.Null(await store.FindByReferenceIdAsync(entry.ReferenceId!, CancellationToken.None));
        Assert.Empty(await store.FindByLinkAsync(ProtocolEntryLink.Authorization, entry.AuthorizationId!, CancellationToken.None));
        Assert.False(await store.TryReplaceAsync(entry with { Status = "redeemed", ConcurrencyToken = "2" }, entry.ConcurrencyToken, CancellationToken.None));
        await store.CreateAsync(Entry(TimeSpan.FromMinutes(5)), CancellationToken.None);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task TryReplace_TwoWritersFromTheSameRead_ExactlyOneWins()
    {
        var store = new InMemoryProtocolEntryStore(_clock, capacity: 10);
        var entry = Entry(TimeSpan.FromMinutes(5));
        await store.CreateAsync(entry, CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            store.TryReplaceAsync(entry with { Status = "redeemed", ConcurrencyToken = "next-" + i }, entry.ConcurrencyToken, CancellationToken.None))));

        Assert.Single(results, r => r);
        Assert.Equal("redeemed", (await store.FindByIdAsync(entry.Id, CancellationToken.None))!.Status);
        Assert.False(await store.TryRemoveAsync(entry.Id, entry.ConcurrencyToken, CancellationToken.None));
    }

    [Fact]
    public async Task FindByReferenceId_AfterTheReferenceChanged_FindsOnlyTheNewOne()
    {
        var store = new InMemoryProtocolEntryStore(_clock, capacity: 10);
        var entry = Entry(TimeSpan.FromMinutes(5)) with { ReferenceId = null };
        await store.CreateAsync(entry, CancellationToken.None);
        Assert.True(await store.TryReplaceAsync(entry with { ReferenceId = "first", ConcurrencyToken = "2" }, entry.ConcurrencyToken, CancellationToken.None));
        Assert.True(await store.TryReplaceAsync(entry with { ReferenceId = "second", ConcurrencyToken = "3" }, "2", CancellationToken.None));

        Assert.Null(await store.FindByReferenceIdAsync("first", CancellationToken.None));
        Assert.Equal(entry.Id, (await store.FindByReferenceIdAsync("second", CancellationToken.None))!.Id);
    }

    private ProtocolEntry Entry(TimeSpan lifetime) => new()
    {
        Id = ProtocolEntryIds.Create(),
        ConcurrencyToken = Guid.NewGuid().ToString(),
        ExpirationDate = _clock.GetUtcNow().UtcDateTime + lifetime,
        AuthorizationId = Guid.NewGuid().ToString(),
        ReferenceId = Guid.NewGuid().ToString(),
        Status = "valid",
        Type = "code",
    };
}
