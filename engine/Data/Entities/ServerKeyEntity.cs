namespace Pickup.Data.Entities;

/// <summary>
/// One of the server's own keys (token signing and encryption keys, the Data Protection key ring's master
/// material), shared by every node on the database (<see cref="Keys.ServerKeyStore"/>).
/// </summary>
public sealed class ServerKeyEntity
{
    /// <summary>The key's unique name (for example <c>oidc-signing</c>): the first node to insert it wins.</summary>
    public required string Name { get; set; }

    /// <summary>The key id published in the JWKS and written into tokens' headers.</summary>
    public required string KeyId { get; set; }

    /// <summary>
    /// The key as text (PEM or base64), or, with <c>[security] key_encryption_key</c>, base64 AES-GCM ciphertext
    /// followed by the tag, bound to <see cref="Name"/>.
    /// </summary>
    public required string Material { get; set; }

    /// <summary>The AES-GCM nonce (base64) of encrypted material; null when the material is stored in clear.</summary>
    public string? Nonce { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the key starts signing (null: at once). Room for rotation.</summary>
    public DateTimeOffset? ActivatesAt { get; set; }

    /// <summary>When the key stops being published (null: never). Room for rotation.</summary>
    public DateTimeOffset? RetiresAt { get; set; }
}
