using Microsoft.Extensions.Logging.Abstractions;
using Pickup.Core.Configuration;
using Pickup.Core.Flow;
using Pickup.Core.Security;
using Pickup.Core.Sessions;
using Pickup.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Pickup.IntegrationTests.ScaleOut;

/// <summary>The shared attempt store's room, on a real redis-server: oldest untouched attempts go first, never one in use.</summary>
public sealed class RedisLoginAttemptStoreTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_redis.Connection);
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task CreateAsync_AtCapacity_EvictsOldestUntouched_KeepsAttemptsInUse_AndRefusesWhenAllAreInUse()
    {
        var store = new RedisLoginAttemptStore(
            _connection,
            TimeProvider.System,
            new LoginLimitsOptions { AttemptStoreCapacity = 3 },
            new LoginAttemptSeal(ServerSecrets.CreateEphemeral()),
            NullLogger<RedisLoginAttemptStore>.Instance);
        await store.CreateAsync(NewAttempt("in-use", posted: true), CancellationToken.None);
        await store.CreateAsync(NewAttempt("driver"), CancellationToken.None);
        await store.CreateAsync(NewAttempt("flood-1"), CancellationToken.None);
        var driver = (await store.FindAsync("driver", CancellationToken.None))!;
        driver.Posted = true;
        Assert.True(await store.TryUpdateAsync(driver, CancellationToken.None));

        await store.CreateAsync(NewAttempt("flood-2"), CancellationToken.None);
        await store.CreateAsync(NewAttempt("flood-3"), CancellationToken.None);

        Assert.NotNull(await store.FindAsync("in-use", CancellationToken.None));
        Assert.NotNull(await store.FindAsync("driver", CancellationToken.None));
        Assert.Null(await store.FindAsync("flood-1", CancellationToken.None));
        Assert.Null(await store.FindAsync("flood-2", CancellationToken.None));
        Assert.NotNull(await store.FindAsync("flood-3", CancellationToken.None));

        var flood3 = (await store.FindAsync("flood-3", CancellationToken.None))!;
        flood3.Posted = true;
        Assert.True(await store.TryUpdateAsync(flood3, CancellationToken.None));
        await Assert.ThrowsAsync<LoginAttemptStoreFullException>(() => store.CreateAsync(NewAttempt("flood-4"), CancellationToken.None));
        await store.CreateAsync(NewAttempt("successor", posted: true), CancellationToken.None);

        Assert.True(await store.TryRemoveAsync("in-use", CancellationToken.None));
        Assert.True(await store.TryRemoveAsync("successor", CancellationToken.None));
        await store.CreateAsync(NewAttempt("flood-5"), CancellationToken.None);
        Assert.NotNull(await store.FindAsync("flood-5", CancellationToken.None));
    }

    private static LoginAttempt NewAttempt(string key, bool posted = false) => new()
    {
        SessionDataKey = key,
        Posted = posted,
        BrowserBinding = BrowserBinding.Hash("cookie"),
        ServiceProvider = "sp",
        ClientId = "client",
        AuthorizeParameters = new Dictionary<string, string>(StringComparer.Ordinal),
        CreatedAt = DateTimeOffset.UtcNow,
        ExpiresAt = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(posted ? 15 : 5),
    };
}
