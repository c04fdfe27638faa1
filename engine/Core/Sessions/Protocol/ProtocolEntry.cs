namespace Pickup.Core.Sessions.Protocol;

/// <summary>
/// One short-lived entry of the OpenID Connect server (an authorization code) as the protocol store keeps it: the
/// columns of a token row, with the ids of its application and authorization in place of the rows themselves.
/// Immutable: a change is a new entry with a new <see cref="ConcurrencyToken"/>, stored by compare-and-set.
/// </summary>
public sealed record ProtocolEntry
{
    /// <summary>The entry's id, assigned by the store: it starts with <see cref="IProtocolEntryStore.IdPrefix"/>.</summary>
    public required string Id { get; init; }

    /// <summary>Changes with every write; a write that names an older one loses.</summary>
    public required string ConcurrencyToken { get; init; }

    /// <summary>When the entry stops being valid: it leaves the store then (required: nothing stays for ever).</summary>
    public required DateTime ExpirationDate { get; init; }

    public string? ApplicationId { get; init; }

    public string? AuthorizationId { get; init; }

    public DateTime? CreationDate { get; init; }

    public string? Payload { get; init; }

    public string? Properties { get; init; }

    public DateTime? RedemptionDate { get; init; }

    /// <summary>The (obfuscated) reference id the token endpoint finds the entry by.</summary>
    public string? ReferenceId { get; init; }

    public string? Status { get; init; }

    public string? Subject { get; init; }

    public string? Type { get; init; }
}
