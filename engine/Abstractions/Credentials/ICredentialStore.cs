namespace Pickup.Abstractions.Credentials;

/// <summary>
/// The engine's one store of per-user credentials (an authenticator app's secret, single-use recovery codes, a
/// passkey, ...), shared by every plugin so that none needs tables of its own. Each credential has a
/// <see cref="Credential.Type"/> the plugin declared (<see cref="Plugins.PluginContributions.CredentialType"/>),
/// a secret kept hashed or encrypted at rest, public metadata, and created/used times.
/// </summary>
/// <remarks>
/// Scoped (one per request or command). Secrets never leave the store in the clear except through
/// <see cref="RevealAsync"/>, and only for <see cref="CredentialSecretKind.Encrypted"/> ones.
/// </remarks>
public interface ICredentialStore
{
    /// <summary>The user's credentials of one type, oldest first, secrets left out.</summary>
    Task<IReadOnlyList<Credential>> ListAsync(string userId, string type, CancellationToken cancellationToken);

    /// <summary>Stores one more credential for the user.</summary>
    Task<Credential> AddAsync(string userId, CredentialDraft draft, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces every credential of the drafts' type the user holds with the drafts, in one transaction (a new batch
    /// of recovery codes, say). Hashed drafts of one call may share one salt, so that checking a typed value against
    /// the whole batch costs one hash.
    /// </summary>
    Task<IReadOnlyList<Credential>> ReplaceAsync(string userId, string type, IReadOnlyList<CredentialDraft> drafts, CancellationToken cancellationToken);

    /// <summary>
    /// The user's credential of <paramref name="type"/> whose hashed secret is <paramref name="secret"/>, or null.
    /// Every candidate is compared in constant time; the cost does not tell how many the user has.
    /// </summary>
    Task<Credential?> FindBySecretAsync(string userId, string type, string secret, CancellationToken cancellationToken);

    /// <summary>The clear secret of an <see cref="CredentialSecretKind.Encrypted"/> credential, or null when there is no such credential.</summary>
    Task<string?> RevealAsync(string credentialId, CancellationToken cancellationToken);

    /// <summary>
    /// Records a use: sets <see cref="Credential.LastUsedAt"/>, replaces the metadata when <paramref name="metadata"/>
    /// is given, and increments <see cref="Credential.Version"/> — only if the stored version is still
    /// <paramref name="expectedVersion"/>. Of two requests racing with the same version exactly one gets true.
    /// </summary>
    Task<bool> RecordUseAsync(string credentialId, long expectedVersion, IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken);

    /// <summary>Removes one credential; true only for the caller that removed it (a single-use code is spent once).</summary>
    Task<bool> RemoveAsync(string credentialId, CancellationToken cancellationToken);

    /// <summary>Removes every credential of <paramref name="type"/> the user holds; returns how many.</summary>
    Task<int> RemoveAllAsync(string userId, string type, CancellationToken cancellationToken);
}
