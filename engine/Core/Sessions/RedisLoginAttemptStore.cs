using System.Text.Json;
using Microsoft.Extensions.Logging;
using Pickup.Core.Flow;
using StackExchange.Redis;

namespace Pickup.Core.Sessions;

/// <summary>
/// Login attempts in Redis, shared by every node: any node can serve any request of a login. Each attempt is a
/// hash (<c>v</c> = version, <c>j</c> = JSON) that expires with the attempt; updates are compare-and-swap in one
/// Lua script, so two nodes can never both win. The JSON is stored sealed (<see cref="LoginAttemptSeal"/>): a value
/// whose MAC does not hold is treated as absent.
/// </summary>
public sealed class RedisLoginAttemptStore(
    IConnectionMultiplexer redis,
    TimeProvider time,
    LoginAttemptSeal seal,
    ILogger<RedisLoginAttemptStore> logger) : ILoginAttemptStore
{
    private const string Prefix = "pickup:attempt:";

    private static readonly LuaScript CompareAndSwap = LuaScript.Prepare("""
        local v = redis.call('HGET', @key, 'v')
        if not v or tonumber(v) ~= tonumber(@expected) then return 0 end
        redis.call('HSET', @key, 'v', @next, 'j', @json)
        redis.call('PEXPIRE', @key, @ttl)
        return 1
        """);

    private static readonly LuaScript CreateIfAbsent = LuaScript.Prepare("""
        if redis.call('EXISTS', @key) == 1 then return 0 end
        redis.call('HSET', @key, 'v', 1, 'j', @json)
        redis.call('PEXPIRE', @key, @ttl)
        return 1
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
                + "or written by a node with another {SecretFile} (every node needs the same one)",
                "data/keys/" + Pickup.Core.Security.ServerSecrets.FileName);
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
            new { key = (RedisKey)(Prefix + attempt.SessionDataKey), json = Sealed(attempt), ttl = TimeToLive(attempt) });
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
                expected,
                next = attempt.Version,
                json = Sealed(attempt),
                ttl = TimeToLive(attempt),
            });
        if (swapped == 1)
        {
            return true;
        }

        attempt.Version = expected;
        return false;
    }

    /// <inheritdoc />
    public Task<bool> TryRemoveAsync(string sessionDataKey, CancellationToken cancellationToken) =>
        redis.GetDatabase().KeyDeleteAsync(Prefix + sessionDataKey);

    private string Sealed(LoginAttempt attempt) => seal.Seal(attempt.SessionDataKey, JsonSerializer.Serialize(attempt));

    private long TimeToLive(LoginAttempt attempt) =>
        Math.Max(1, (long)(attempt.ExpiresAt - time.GetUtcNow()).TotalMilliseconds);
}
