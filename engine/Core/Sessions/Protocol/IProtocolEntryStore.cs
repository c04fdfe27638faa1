namespace Pickup.Core.Sessions.Protocol;

/// <summary>
/// Where short-lived protocol entries live instead of the database: memory on one node, Redis when several share the
/// logins (<c>[session] store</c>). Every entry expires with its <see cref="ProtocolEntry.ExpirationDate"/>; writes
/// are compare-and-set on <see cref="ProtocolEntry.ConcurrencyToken"/>, so of two nodes redeeming one code only one
/// wins. Once per server; thread-safe.
/// </summary>
public interface IProtocolEntryStore
{
    /// <summary>Every id this store assigns starts with it; database ids (GUIDs) never do.</summary>
    public const string IdPrefix = "ps_";

    /// <summary>Adds a new entry (its id fresh from <see cref="ProtocolEntryIds.Create"/>).</summary>
    /// <exception cref="InvalidOperationException">An entry with this id exists already.</exception>
    Task CreateAsync(ProtocolEntry entry, CancellationToken cancellationToken);

    /// <summary>The entry, or null when absent, expired or failing its integrity check.</summary>
    Task<ProtocolEntry?> FindByIdAsync(string id, CancellationToken cancellationToken);

    /// <summary>The entry holding this reference id, or null.</summary>
    Task<ProtocolEntry?> FindByReferenceIdAsync(string referenceId, CancellationToken cancellationToken);

    /// <summary>The live entries linked to this authorization, subject or application.</summary>
    Task<IReadOnlyList<ProtocolEntry>> FindByLinkAsync(ProtocolEntryLink link, string value, CancellationToken cancellationToken);

    /// <summary>Replaces the entry with <paramref name="entry"/> (same id) if its concurrency token is still <paramref name="expectedConcurrencyToken"/>.</summary>
    /// <returns>False when the entry changed, expired or vanished in between.</returns>
    Task<bool> TryReplaceAsync(ProtocolEntry entry, string expectedConcurrencyToken, CancellationToken cancellationToken);

    /// <summary>Removes the entry if its concurrency token is still <paramref name="expectedConcurrencyToken"/>.</summary>
    Task<bool> TryRemoveAsync(string id, string expectedConcurrencyToken, CancellationToken cancellationToken);
}

/// <summary>What an entry is found by besides its ids.</summary>
public enum ProtocolEntryLink
{
    /// <summary>The authorization (token family) the entry belongs to.</summary>
    Authorization,

    /// <summary>The token's subject.</summary>
    Subject,

    /// <summary>The client application.</summary>
    Application,
}

/// <summary>Ids of protocol entries.</summary>
public static class ProtocolEntryIds
{
    /// <summary>A new random id (128 bits) with <see cref="IProtocolEntryStore.IdPrefix"/>.</summary>
    public static string Create() =>
        IProtocolEntryStore.IdPrefix + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>Whether <paramref name="id"/> names an entry of the protocol store.</summary>
    public static bool IsProtocolEntry(string? id) => id is not null && id.StartsWith(IProtocolEntryStore.IdPrefix, StringComparison.Ordinal);

    /// <summary>The value of <paramref name="link"/> in <paramref name="entry"/>.</summary>
    public static string? LinkOf(ProtocolEntry entry, ProtocolEntryLink link)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return link switch
        {
            ProtocolEntryLink.Authorization => entry.AuthorizationId,
            ProtocolEntryLink.Subject => entry.Subject,
            ProtocolEntryLink.Application => entry.ApplicationId,
            _ => throw new ArgumentOutOfRangeException(nameof(link)),
        };
    }
}
