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

    // Keys of attempts not posted to yet, oldest first: what a full store evicts. Keys posted to or gone since are
    // skipped when they come up.
    private readonly ConcurrentQueue<string> _untouched = new();
    private readonly Lock _roomLock = new();
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private long _lastSweepTicks;
    private long _lastFullSweepTicks;

    /// <summary>Creates the store.</summary>
    /// <param name="time">Clock for expiry.</param>
    /// <param name="capacity">Most attempts kept at once (<c>[security.login_limits] attempt_store_capacity</c>): memory stays bounded.</param>
    public InMemoryLoginAttemptStore(TimeProvider time, int capacity = 100_000)
    {
        _time = time;
        _capacity = capacity;
    }

    /// <inheritdoc />
    public Task<LoginAttempt?> FindAsync(string sessionDataKey, CancellationToken cancellationToken)
    {
        Sweep(TimeSpan.FromMinutes(1));
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
        Sweep(TimeSpan.FromMinutes(1));
        attempt.Version = 1;
        var entry = new Entry(Serialize(attempt), attempt.Version, attempt.ExpiresAt, attempt.Posted);
        lock (_roomLock)
        {
            if (_entries.Count >= _capacity)
            {
                // Expired attempts first (at most once a second while full), then the oldest untouched ones.
                Sweep(TimeSpan.FromSeconds(1));
                while (_entries.Count >= _capacity && EvictOldestUntouched())
                {
                }

                if (_entries.Count >= _capacity && !attempt.Posted)
                {
                    throw new LoginAttemptStoreFullException();
                }
            }

            if (!_entries.TryAdd(attempt.SessionDataKey, entry))
            {
                throw new InvalidOperationException("A login attempt with this key already exists.");
            }

            if (!attempt.Posted)
            {
                _untouched.Enqueue(attempt.SessionDataKey);
            }
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
        var updated = new Entry(Serialize(attempt), attempt.Version, attempt.ExpiresAt, attempt.Posted);
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

    // Called under _roomLock. An attempt posted to in the meantime is skipped (its key left the queue for good).
    private bool EvictOldestUntouched()
    {
        while (_untouched.TryDequeue(out var key))
        {
            if (_entries.TryGetValue(key, out var entry) && !entry.Posted && _entries.TryRemove(KeyValuePair.Create(key, entry)))
            {
                return true;
            }
        }

        return false;
    }

    // Expired attempts are dropped at most once per interval, on whichever request comes by.
    private void Sweep(TimeSpan interval)
    {
        var now = _time.GetUtcNow();
        ref var lastTicks = ref interval < TimeSpan.FromMinutes(1) ? ref _lastFullSweepTicks : ref _lastSweepTicks;
        var last = Interlocked.Read(ref lastTicks);
        if (now.UtcTicks - last < interval.Ticks || Interlocked.CompareExchange(ref lastTicks, now.UtcTicks, last) != last)
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

        lock (_roomLock)
        {
            // The queue's head: keys gone or posted to since; a live untouched head expires within minutes.
            while (_untouched.TryPeek(out var key) && !(_entries.TryGetValue(key, out var entry) && !entry.Posted))
            {
                _untouched.TryDequeue(out _);
            }
        }
    }

    private sealed record Entry(byte[] Utf8Json, long Version, DateTimeOffset ExpiresAt, bool Posted);
}
