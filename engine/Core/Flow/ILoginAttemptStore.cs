namespace Pickup.Core.Flow;

/// <summary>Where login attempts live between requests. Once per server; safe for concurrent use.</summary>
public interface ILoginAttemptStore
{
    /// <summary>The attempt, or null when unknown or expired.</summary>
    Task<LoginAttempt?> FindAsync(string sessionDataKey, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new attempt. When the store is full, the oldest attempt nobody has posted to yet
    /// (<see cref="LoginAttempt.Posted"/> false) is evicted to make room; when there is none, an attempt that is not
    /// posted yet is refused with <see cref="LoginAttemptStoreFullException"/> (a posted one, the successor of an
    /// attempt in use, is always stored).
    /// </summary>
    Task CreateAsync(LoginAttempt attempt, CancellationToken cancellationToken);

    /// <summary>
    /// Saves <paramref name="attempt"/> if nobody saved it since it was read (its <see cref="LoginAttempt.Version"/>
    /// still matches), and bumps the version. Returns false when another request won: the caller must not act on
    /// its copy. This is what stops parallel guesses from sharing one attempt counter.
    /// </summary>
    Task<bool> TryUpdateAsync(LoginAttempt attempt, CancellationToken cancellationToken);

    /// <summary>Removes the attempt; returns false when it was already gone (single use).</summary>
    Task<bool> TryRemoveAsync(string sessionDataKey, CancellationToken cancellationToken);
}
