using System.Security.Cryptography;
using Pickup.Core.Flow;
using StackExchange.Redis;

namespace Pickup.Core.Sessions;

/// <summary>
/// The one-request-at-a-time gate across nodes: a short Redis lock per attempt (SET NX PX with a random token,
/// released only by its holder). The lock expires by itself if a node dies holding it.
/// </summary>
public sealed class RedisAttemptGate(IConnectionMultiplexer redis) : IAttemptGate
{
    // Longer than any request should hold it (a plugin's outbound call is bounded by its timeout), short enough to recover.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private static readonly LuaScript ReleaseIfHeld = LuaScript.Prepare("""
        if redis.call('GET', @key) == @token then return redis.call('DEL', @key) end
        return 0
        """);

    /// <inheritdoc />
    public async ValueTask<IAsyncDisposable> EnterAsync(string sessionDataKey, CancellationToken cancellationToken)
    {
        var key = "pickup:gate:" + sessionDataKey;
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var database = redis.GetDatabase();
        var delay = TimeSpan.FromMilliseconds(10);
        while (!await database.StringSetAsync(key, token, Lease, When.NotExists))
        {
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }

        return new Release(database, key, token);
    }

    private sealed class Release(IDatabase database, string key, string token) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() =>
            await database.ScriptEvaluateAsync(ReleaseIfHeld, new { key = (RedisKey)key, token });
    }
}
