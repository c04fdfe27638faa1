using System.Collections.Concurrent;
using System.Text.Json;

namespace Pickup.Core.Flow;

/// <summary>
/// Login attempts in this process's memory (one node). Attempts are kept as JSON so that nothing shares a
/// mutable object between requests, exactly as with an out-of-process store; as UTF-8 bytes, half the memory of a
/// string, since thousands of logins can be waiting for their codes at once.
/// </summary>
public sealed class InMemoryLoginAttemptStore : ILoginAttemptStore
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private long _lastSweepTicks;

    /// <summary>Creates the store.</summary>
    /// <param name="time">Clock for expiry.</param>
    /// <param name="capacity">Most attempts kept at once; beyond it new attempts are refused (memory stays bounded).</param>
    public InMemoryLoginAttemptStore(TimeProvider time, int capacity = 100_000)
    {
        _time = time;
        _capacity = capacity;
    }

    /// <inheritdoc />
    public Task<LoginAttempt?> FindAsync(string sessionDataKey, CancellationToken cancellationToken)
    {
        Sweep();
        if (_entries.TryGetValue(sessionDataKey, out var entry) && entry.ExpiresAt > _time.GetUtcNow())
        {
            return Task.FromResult<LoginAttempt?>(JsonSerializer.Deserialize<LoginAttempt>(entry.Utf8Json));
        }

        return Task.FromResult<LoginAttempt?>(null);
    }

    /// <inheritdoc />
    public Task CreateAsync(LoginAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        Sweep();
        if (_entries.Count >= _capacity)
        {
            throw new InvalidOperationException("Too many login attempts in progress; try again shortly.");
        }

        attempt.Version = 1;
        if (!_entries.TryAdd(attempt.SessionDataKey, new Entry(Serialize(attempt), attempt.Version, attempt.ExpiresAt)))
        {
            throw new InvalidOperationException("A login attempt with this key already exists.");
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> TryUpdateAsync(LoginAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (!_entries.TryGetValue(attempt.SessionDataKey, out var current) || current.Version != attempt.Version)
        {
            return Task.FromResult(false);
        }

        attempt.Version++;
        var updated = new Entry(Serialize(attempt), attempt.Version, attempt.ExpiresAt);
        if (_entries.TryUpdate(attempt.SessionDataKey, updated, current))
        {
            return Task.FromResult(true);
        }

        attempt.Version--;
        return Task.FromResult(false);
    }

    /// <inheritdoc />
    public Task<bool> TryRemoveAsync(string sessionDataKey, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.TryRemove(sessionDataKey, out _));

    private static byte[] Serialize(LoginAttempt attempt) => JsonSerializer.SerializeToUtf8Bytes(attempt);

    // Expired attempts are dropped at most once a minute, on whichever request comes by.
    private void Sweep()
    {
        var now = _time.GetUtcNow();
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (now.UtcTicks - last < TimeSpan.TicksPerMinute
            || Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.TryRemove(KeyValuePair.Create(key, entry));
            }
        }
    }

    private sealed record Entry(byte[] Utf8Json, long Version, DateTimeOffset ExpiresAt);
}
