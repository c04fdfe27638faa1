namespace Pickup.Abstractions.Credentials;

/// <summary>How a credential's secret is kept at rest.</summary>
public enum CredentialSecretKind
{
    /// <summary>Only a slow salted hash is kept: the plugin can check a typed value (<see cref="ICredentialStore.FindBySecretAsync"/>), never read it back.</summary>
    Hashed,

    /// <summary>Encrypted under a key derived from the server secret: the plugin can read it back (<see cref="ICredentialStore.RevealAsync"/>).</summary>
    Encrypted,
}

/// <summary>A credential to store: its type, its secret and how to keep it, and public metadata.</summary>
public sealed class CredentialDraft
{
    /// <summary>Creates a draft.</summary>
    /// <param name="type">A credential type the plugin declared.</param>
    /// <param name="secret">The secret, in the clear; the store hashes or encrypts it.</param>
    /// <param name="secretKind">How the secret is kept.</param>
    public CredentialDraft(string type, string secret, CredentialSecretKind secretKind)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        Type = type;
        Secret = secret;
        SecretKind = secretKind;
    }

    /// <summary>The credential type.</summary>
    public string Type { get; }

    /// <summary>The secret, in the clear.</summary>
    public string Secret { get; }

    /// <summary>How the secret is kept.</summary>
    public CredentialSecretKind SecretKind { get; }

    /// <summary>A name the user or an administrator recognises ("Phone", "Authenticator app"), or null.</summary>
    public string? Label { get; init; }

    /// <summary>Public data the plugin needs back (never a secret): shown to administrators.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>A stored credential, without its secret.</summary>
public sealed class Credential
{
    /// <summary>Creates the view of a stored credential (the store does this).</summary>
    public Credential(string id, string userId, string type, CredentialSecretKind secretKind)
    {
        Id = id;
        UserId = userId;
        Type = type;
        SecretKind = secretKind;
    }

    /// <summary>The credential's id (opaque).</summary>
    public string Id { get; }

    /// <summary>The user it belongs to.</summary>
    public string UserId { get; }

    /// <summary>The credential type.</summary>
    public string Type { get; }

    /// <summary>How its secret is kept.</summary>
    public CredentialSecretKind SecretKind { get; }

    /// <summary>The label given when it was stored.</summary>
    public string? Label { get; init; }

    /// <summary>Public metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>When it was stored.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When <see cref="ICredentialStore.RecordUseAsync"/> last succeeded for it, or null.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>Incremented by every recorded use: the optimistic-concurrency token of <see cref="ICredentialStore.RecordUseAsync"/>.</summary>
    public long Version { get; init; }
}
