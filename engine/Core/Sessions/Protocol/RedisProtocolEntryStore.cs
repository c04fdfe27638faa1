using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Pickup.Core.Sessions.Protocol;

/// <summary>
/// Protocol entries in Redis, shared by every node (<c>[session] store = "redis"</c>): a code issued by one node is
/// redeemed on any. Each entry is a hash (<c>c</c> = concurrency token, <c>j</c> = sealed JSON) that expires with the
/// entry; its reference id and its links (authorization, subject, application) are keys and sets that expire no
/// earlier. Writes are compare-and-set in one Lua script, so of two nodes redeeming one code exactly one wins.
/// </summary>
/// <remarks>
/// Redis is not trusted blindly: the JSON is sealed with a MAC over the entry's id under a key derived from the server
/// secret (<see cref="LoginAttemptSeal"/>), so whoever can write to Redis cannot forge an entry, change one (a status,
/// a payload) or move one under another id; an entry failing its check is absent. An index pointing elsewhere finds
/// nothing: the entry found must carry the id or reference asked for.
/// </remarks>
public sealed class RedisProtocolEntryStore(
    IConnectionMultiplexer redis,
    TimeProvider time,
    LoginAttemptSeal seal,
    ILogger<RedisProtocolEntryStore> logger) : IProtocolEntryStore
{
    /// <summary>The purpose the MAC key of entries is derived for (not the login attempts' key).</summary>
    public const string SealPurpose = "engine/protocol-entry-mac";

    /// <summary>Where the entries live: <c>pickup:protocol:</c> + id.</summary>
    public const string EntryPrefix = "pickup:protocol:";

    private const string ReferencePrefix = "pickup:protocol-ref:";
    private const string LinkPrefix = "pickup:protocol-link:";

    // KEYS: entry, reference (or the entry again when none), then the link sets. Sets live as long as their longest entry.
    private static readonly string CreateScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'c', ARGV[1], 'j', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        if KEYS[2] ~= KEYS[1] then redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[3]) end
        for i = 3, #KEYS do
          redis.call('SADD', KEYS[i], ARGV[4])
          if redis.call('PTTL', KEYS[i]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
        end
        return 1
        """;

    // ARGV[5] = expected concurrency token.
    private static readonly string ReplaceScript = """
        if redis.call('HGET', KEYS[1], 'c') ~= ARGV[5] then return 0 end
        redis.call('HSET', KEYS[1], 'c', ARGV[1], 'j', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        if KEYS[2] ~= KEYS[1] then redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[3]) end
        for i = 3, #KEYS do
          redis.call('SADD', KEYS[i], ARGV[4])
          if redis.call('PTTL', KEYS[i]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
        end
        return 1
        """;

    private static readonly string RemoveScript = """
        if redis.call('HGET', KEYS[1], 'c') ~= ARGV[1] then return 0 end
        return redis.call('DEL', KEYS[1])
        """;

    private readonly LoginAttemptSeal _seal = seal;

    /// <inheritdoc />
    public async Task CreateAsync(ProtocolEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!await WriteAsync(CreateScript, entry, expected: null))
        {
            throw new InvalidOperationException("A protocol entry with this id exists already.");
        }
    }

    /// <inheritdoc />
    public Task<bool> TryReplaceAsync(ProtocolEntry entry, string expectedConcurrencyToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WriteAsync(ReplaceScript, entry, expectedConcurrencyToken);
    }

    /// <inheritdoc />
    public async Task<bool> TryRemoveAsync(string id, string expectedConcurrencyToken, CancellationToken cancellationToken) =>
        (int)await redis.GetDatabase().ScriptEvaluateAsync(RemoveScript, [(RedisKey)(EntryPrefix + id)], [expectedConcurrencyToken]) == 1;

    /// <inheritdoc />
    public async Task<ProtocolEntry?> FindByIdAsync(string id, CancellationToken cancellationToken)
    {
        if (!ProtocolEntryIds.IsProtocolEntry(id))
        {
            return null;
        }

        var stored = await redis.GetDatabase().HashGetAsync(EntryPrefix + id, "j");
        return Open(id, stored);
    }

    /// <inheritdoc />
    public async Task<ProtocolEntry?> FindByReferenceIdAsync(string referenceId, CancellationToken cancellationToken)
    {
        var id = await redis.GetDatabase().StringGetAsync(ReferencePrefix + referenceId);
        if (id.IsNullOrEmpty)
        {
            return null;
        }

        var entry = await FindByIdAsync(id.ToString(), cancellationToken);
        return entry?.ReferenceId == referenceId ? entry : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProtocolEntry>> FindByLinkAsync(ProtocolEntryLink link, string value, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var found = new List<ProtocolEntry>();
        foreach (var id in await database.SetMembersAsync(LinkKey(link, value)))
        {
            if (await FindByIdAsync(id.ToString(), cancellationToken) is { } entry && ProtocolEntryIds.LinkOf(entry, link) == value)
            {
                found.Add(entry);
            }
        }

        return found;
    }

    private static string LinkKey(ProtocolEntryLink link, string value) => LinkPrefix + link switch
    {
        ProtocolEntryLink.Authorization => "a:",
        ProtocolEntryLink.Subject => "s:",
        _ => "p:",
    } + value;

    private async Task<bool> WriteAsync(string script, ProtocolEntry entry, string? expected)
    {
        var entryKey = (RedisKey)(EntryPrefix + entry.Id);
        var keys = new List<RedisKey> { entryKey, string.IsNullOrEmpty(entry.ReferenceId) ? entryKey : (RedisKey)(ReferencePrefix + entry.ReferenceId) };
        foreach (var link in Enum.GetValues<ProtocolEntryLink>())
        {
            if (ProtocolEntryIds.LinkOf(entry, link) is { Length: > 0 } value)
            {
                keys.Add(LinkKey(link, value));
            }
        }

        var ttl = Math.Max(1, (long)(entry.ExpirationDate - time.GetUtcNow().UtcDateTime).TotalMilliseconds);
        RedisValue[] values = [entry.ConcurrencyToken, _seal.Seal(entry.Id, JsonSerializer.Serialize(entry)), ttl, entry.Id];
        if (expected is not null)
        {
            values = [.. values, expected];
        }

        return (int)await redis.GetDatabase().ScriptEvaluateAsync(script, [.. keys], values) == 1;
    }

    private ProtocolEntry? Open(string id, RedisValue stored)
    {
        if (stored.IsNullOrEmpty)
        {
            return null;
        }

        if (!_seal.TryOpen(id, stored.ToString(), out var json)
            || JsonSerializer.Deserialize<ProtocolEntry>(json) is not { } entry
            || entry.Id != id)
        {
            logger.LogWarning(
                "A protocol entry in Redis failed its integrity check and was treated as absent: it was changed outside the engine, "
                + "or written by a node with another server secret (every node must use the same database, where the secret is kept)");
            return null;
        }

        return entry.ExpirationDate > time.GetUtcNow().UtcDateTime ? entry : null;
    }
}
