namespace Pickup.Core.Sessions.Protocol;

/// <summary>
/// Protocol entries in this node's memory (<c>[session] store = "memory"</c>). Bounded: at most
/// <paramref name="capacity"/> entries; expired ones go first, and a full store drops the entries that expire soonest
/// (the oldest codes, almost always redeemed already), so a flood of logins cannot grow it. Every operation holds one
/// lock: each is a few dictionary steps.
/// </summary>
public sealed class InMemoryProtocolEntryStore(TimeProvider time, int capacity) : IProtocolEntryStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ProtocolEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _references = new(StringComparer.Ordinal);

    // Every entry's id by expiry; ids of removed entries are skipped when they come out.
    private readonly PriorityQueue<string, DateTime> _expiries = new();

    /// <summary>How many entries are held (expired ones included until the next write).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <inheritdoc />
    public Task CreateAsync(ProtocolEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            var now = time.GetUtcNow().UtcDateTime;
            DropExpired(now);
            while (_entries.Count >= Math.Max(1, capacity) && _expiries.TryDequeue(out var oldest, out _))
            {
                Remove(oldest);
            }

            if (!_entries.TryAdd(entry.Id, entry))
            {
                throw new InvalidOperationException("A protocol entry with this id exists already.");
            }

            _expiries.Enqueue(entry.Id, entry.ExpirationDate);
            IndexReference(entry);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ProtocolEntry?> FindByIdAsync(string id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Live(_entries.GetValueOrDefault(id)));
        }
    }

    /// <inheritdoc />
    public Task<ProtocolEntry?> FindByReferenceIdAsync(string referenceId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var entry = _references.TryGetValue(referenceId, out var id) ? _entries.GetValueOrDefault(id) : null;
            return Task.FromResult(entry?.ReferenceId == referenceId ? Live(entry) : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProtocolEntry>> FindByLinkAsync(ProtocolEntryLink link, string value, CancellationToken cancellationToken)
    {
        // A scan of a bounded store: these lookups come with revocations (a replayed code, a pruning), not with logins.
        lock (_lock)
        {
            var now = time.GetUtcNow().UtcDateTime;
            IReadOnlyList<ProtocolEntry> found = [.. _entries.Values.Where(e => e.ExpirationDate > now && ProtocolEntryIds.LinkOf(e, link) == value)];
            return Task.FromResult(found);
        }
    }

    /// <inheritdoc />
    public Task<bool> TryReplaceAsync(ProtocolEntry entry, string expectedConcurrencyToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            if (Live(_entries.GetValueOrDefault(entry.Id)) is not { } current || current.ConcurrencyToken != expectedConcurrencyToken)
            {
                return Task.FromResult(false);
            }

            if (current.ReferenceId is { } oldReference && oldReference != entry.ReferenceId)
            {
                _references.Remove(oldReference);
            }

            _entries[entry.Id] = entry;
            if (entry.ExpirationDate != current.ExpirationDate)
            {
                _expiries.Enqueue(entry.Id, entry.ExpirationDate);
            }

            IndexReference(entry);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> TryRemoveAsync(string id, string expectedConcurrencyToken, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(id, out var current) || current.ConcurrencyToken != expectedConcurrencyToken)
            {
                return Task.FromResult(false);
            }

            Remove(id);
            return Task.FromResult(true);
        }
    }

    private ProtocolEntry? Live(ProtocolEntry? entry) =>
        entry is not null && entry.ExpirationDate > time.GetUtcNow().UtcDateTime ? entry : null;

    private void IndexReference(ProtocolEntry entry)
    {
        if (!string.IsNullOrEmpty(entry.ReferenceId))
        {
            _references[entry.ReferenceId] = entry.Id;
        }
    }

    private void DropExpired(DateTime now)
    {
        while (_expiries.TryPeek(out var id, out var expiry) && expiry <= now)
        {
            _expiries.Dequeue();

            // An entry whose expiry moved later was queued again under its new date.
            if (_entries.TryGetValue(id, out var entry) && entry.ExpirationDate <= now)
            {
                Remove(id);
            }
        }
    }

    private void Remove(string id)
    {
        if (_entries.Remove(id, out var entry) && entry.ReferenceId is { } reference
            && _references.TryGetValue(reference, out var holder) && holder == id)
        {
            _references.Remove(reference);
        }
    }
}
