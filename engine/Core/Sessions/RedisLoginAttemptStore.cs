using System.Text.Json;
using Microsoft.Extensions.Logging;
using Pickup.Core.Configuration;
using Pickup.Core.Flow;
using StackExchange.Redis;

namespace Pickup.Core.Sessions;

/// <summary>
/// Login attempts in Redis, shared by every node: any node can serve any request of a login. Each attempt is a
/// hash (<c>v</c> = version, <c>j</c> = JSON) that expires with the attempt; updates are compare-and-swap in one
/// Lua script, so two nodes can never both win. The JSON is stored sealed (<see cref="LoginAttemptSeal"/>): a value
/// whose MAC does not hold is treated as absent.
/// </summary>
/// <remarks>
/// Room is bounded by <c>[security.login_limits] attempt_store_capacity</c> across all nodes: two sorted sets hold
/// the keys of attempts nobody has posted to yet (<c>untouched</c>) and of attempts in use, scored by expiry. A new
/// attempt that finds no room evicts the oldest untouched ones in the same script; an attempt leaves the untouched
/// set when it is first posted to, so a flood never evicts a login in use.
/// </remarks>
public sealed class RedisLoginAttemptStore(
    IConnectionMultiplexer redis,
    TimeProvider time,
    LoginLimitsOptions limits,
    LoginAttemptSeal seal,
    ILogger<RedisLoginAttemptStore> logger) : ILoginAttemptStore
{
    private const string Prefix = "pickup:attempt:";
    private const string UntouchedKey = "pickup:attempts:untouched";
    private const string InUseKey = "pickup:attempts:in-use";

    private static readonly LuaScript CompareAndSwap = LuaScript.Prepare("""
        local v = redis.call('HGET', @key, 'v')
        if not v or tonumber(v) ~= tonumber(@expected) then return 0 end
        redis.call('HSET', @key, 'v', @next, 'j', @json)
        redis.call('PEXPIRE', @key, @ttl)
        if tonumber(@posted) == 1 then
          redis.call('ZREM', @untouched, @key)
          redis.call('ZADD', @inuse, @expiry, @key)
        end
        return 1
        """);

    // Evicted members are attempt keys named by the sets, not declared keys: fine for one Redis (or a primary with
    // replicas), the deployment [session] supports.
    private static readonly LuaScript CreateIfAbsent = LuaScript.Prepare("""
        if redis.call('EXISTS', @key) == 1 then return 0 end
        redis.call('ZREMRANGEBYSCORE', @untouched, '-inf', @now)
        redis.call('ZREMRANGEBYSCORE', @inuse, '-inf', @now)
        local n = redis.call('ZCARD', @untouched) + redis.call('ZCARD', @inuse)
        local capacity = tonumber(@capacity)
        while n >= capacity do
          local oldest = redis.call('ZPOPMIN', @untouched)
          if #oldest == 0 then break end
          redis.call('DEL', oldest[1])
          n = n - 1
        end
        if n >= capacity and tonumber(@posted) == 0 then return -1 end
        redis.call('HSET', @key, 'v', 1, 'j', @json)
        redis.call('PEXPIRE', @key, @ttl)
        if tonumber(@posted) == 1 then
          redis.call('ZADD', @inuse, @expiry, @key)
        else
          redis.call('ZADD', @untouched, @expiry, @key)
        end
        return 1
        """);

    private static readonly LuaScript Remove = LuaScript.Prepare("""
        redis.call('ZREM', @untouched, @key)
        redis.call('ZREM', @inuse, @key)
        return redis.call('DEL', @key)
        """);

    /// <inheritdoc />
    public async Task<LoginAttempt?> FindAsync(string sessionDataKey, CancellationToken cancellationToken)
    {
        var stored = await redis.GetDatabase().HashGetAsync(Prefix + sessionDataKey, "j");
        if (stored.IsNullOrEmpty)
        {
            return null;
        }

        if (!seal.TryOpen(sessionDataKey, stored.ToString(), out var json))
        {
            // Neither the key nor the value: the key is a bearer secret, and the value may be an attacker's.
            logger.LogWarning(
                "A login attempt in Redis failed its integrity check and was treated as absent: it was changed outside the engine, "
                + "or written by a node with another server secret (every node must use the same database, where the secret is kept)");
            return null;
        }

        return JsonSerializer.Deserialize<LoginAttempt>(json);
    }

    /// <inheritdoc />
    public async Task CreateAsync(LoginAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        attempt.Version = 1;
        var created = (int)await redis.GetDatabase().ScriptEvaluateAsync(
            CreateIfAbsent,
            new
            {
                key = (RedisKey)(Prefix + attempt.SessionDataKey),
                untouched = (RedisKey)UntouchedKey,
                inuse = (RedisKey)InUseKey,
                json = Sealed(attempt),
                ttl = TimeToLive(attempt),
                expiry = attempt.ExpiresAt.ToUnixTimeMilliseconds(),
                now = time.GetUtcNow().ToUnixTimeMilliseconds(),
                capacity = limits.AttemptStoreCapacity,
                posted = attempt.Posted ? 1 : 0,
            });
        if (created == -1)
        {
            throw new LoginAttemptStoreFullException();
        }

        if (created != 1)
        {
            throw new InvalidOperationException("A login attempt with this key already exists.");
        }
    }

    /// <inheritdoc />
    public async Task<bool> TryUpdateAsync(LoginAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var expected = attempt.Version;
        attempt.Version++;
        var swapped = (int)await redis.GetDatabase().ScriptEvaluateAsync(
            CompareAndSwap,
            new
            {
                key = (RedisKey)(Prefix + attempt.SessionDataKey),
                untouched = (RedisKey)UntouchedKey,
                inuse = (RedisKey)InUseKey,
                expected,
                next = attempt.Version,
                json = Sealed(attempt),
                ttl = TimeToLive(attempt),
                expiry = attempt.ExpiresAt.ToUnixTimeMilliseconds(),
                posted = attempt.Posted ? 1 : 0,
            });
        if (swapped == 1)
        {
            return true;
        }

        attempt.Version = expected;
        return false;
    }

    /// <inheritdoc />
    public async Task<bool> TryRemoveAsync(string sessionDataKey, CancellationToken cancellationToken) =>
        (int)await redis.GetDatabase().ScriptEvaluateAsync(
            Remove,
            new { key = (RedisKey)(Prefix + sessionDataKey), untouched = (RedisKey)UntouchedKey, inuse = (RedisKey)InUseKey }) == 1;

    private string Sealed(LoginAttempt attempt) => seal.Seal(attempt.SessionDataKey, JsonSerializer.Serialize(attempt));

    private long TimeToLive(LoginAttempt attempt) =>
        Math.Max(1, (long)(attempt.ExpiresAt - time.GetUtcNow()).TotalMilliseconds);
}
