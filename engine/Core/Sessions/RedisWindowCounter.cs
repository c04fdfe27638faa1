using Pickup.Abstractions.Limits;
using Pickup.Core.Limits;
using StackExchange.Redis;

namespace Pickup.Core.Sessions;

/// <summary>
/// Send counts in Redis: INCR and its expiry in one script, so counts are atomic across nodes and no limit can be
/// beaten by spreading requests over them.
/// </summary>
public sealed class RedisWindowCounter(IConnectionMultiplexer redis, TimeProvider time) : IWindowCounter
{
    private static readonly LuaScript Increment = LuaScript.Prepare("""
        local c = redis.call('INCR', @key)
        if c == 1 then redis.call('PEXPIRE', @key, @ttl) end
        return c
        """);

    /// <inheritdoc />
    public async ValueTask<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcTicks;
        var start = now - (now % window.Ticks);
        var ttl = (long)TimeSpan.FromTicks(start + window.Ticks - now).TotalMilliseconds + 1000;
        var windowKey = $"pickup:count:{key}:{start}";
        return (long)await redis.GetDatabase().ScriptEvaluateAsync(Increment, new { key = (RedisKey)windowKey, ttl });
    }
}
