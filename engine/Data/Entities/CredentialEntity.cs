namespace Pickup.Data.Entities;

/// <summary>One per-user credential of a plugin-declared type (<see cref="Users.CredentialStore"/>).</summary>
public sealed class CredentialEntity
{
    /// <summary>Opaque id (32 hex digits); part of the associated data an encrypted secret is bound to.</summary>
    public string Id { get; set; } = Guid.NewGuid().ToString("N");

    public required string UserId { get; set; }

    /// <summary>The credential type a plugin declared (for example <c>pin</c>).</summary>
    public required string Type { get; set; }

    public string? Label { get; set; }

    /// <summary><see cref="SecretKinds.Hashed"/> or <see cref="SecretKinds.Encrypted"/>.</summary>
    public required string SecretKind { get; set; }

    /// <summary>A PHC Argon2id string (hashed), or base64 ciphertext followed by the AES-GCM tag (encrypted); never the clear secret.</summary>
    public required string Secret { get; set; }

    /// <summary>The AES-GCM nonce (base64) of an encrypted secret; null for a hashed one (the PHC string holds its salt).</summary>
    public string? Nonce { get; set; }

    /// <summary>The plugin's public metadata as a JSON object of strings.</summary>
    public string Metadata { get; set; } = "{}";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>Incremented by every recorded use (optimistic concurrency).</summary>
    public long Version { get; set; }

    public UserEntity? User { get; set; }

    /// <summary>The stored names of <see cref="Abstractions.Credentials.CredentialSecretKind"/>.</summary>
    public static class SecretKinds
    {
        public const string Hashed = "hashed";
        public const string Encrypted = "encrypted";
    }
}
