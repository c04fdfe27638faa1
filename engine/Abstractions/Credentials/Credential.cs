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
/// <remarks>Created by a plugin with an object initializer and handed to <see cref="ICredentialStore"/>. Immutable.</remarks>
public sealed class CredentialDraft
{
    /// <summary>A credential type the plugin declared.</summary>
    /// <exception cref="ArgumentException">Set to null or an empty string.</exception>
    public required string Type
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrEmpty(value, nameof(Type));
            field = value;
        }
    }

    /// <summary>The secret, in the clear; the store hashes or encrypts it.</summary>
    /// <exception cref="ArgumentException">Set to null or an empty string.</exception>
    public required string Secret
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrEmpty(value, nameof(Secret));
            field = value;
        }
    }

    /// <summary>How the secret is kept.</summary>
    public required CredentialSecretKind SecretKind { get; init; }

    /// <summary>A name the user or an administrator recognises ("Phone", "Authenticator app"), or null.</summary>
    public string? Label { get; init; }

    /// <summary>Public data the plugin needs back (never a secret): shown to administrators.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>A stored credential, without its secret.</summary>
/// <remarks>Created by the credential store for each read (a fake store creates one with an object initializer). Immutable.</remarks>
public sealed class Credential
{
    /// <summary>The credential's id (opaque).</summary>
    public required string Id { get; init; }

    /// <summary>The user it belongs to.</summary>
    public required string UserId { get; init; }

    /// <summary>The credential type.</summary>
    public required string Type { get; init; }

    /// <summary>How its secret is kept.</summary>
    public required CredentialSecretKind SecretKind { get; init; }

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
