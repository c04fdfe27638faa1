using Pickup.Abstractions.Credentials;

namespace Pickup.Plugins.Tests.SmsOtp;

/// <summary>An in-memory credential store: hashed secrets are compared as given (the engine's store hashes them).</summary>
internal sealed class FakeCredentialStore : ICredentialStore
{
    private const string BackupCodeType = "backup-code";

    private readonly List<(Credential Credential, string Secret)> _rows = [];
    private int _nextId;

    public int Count(string userId, string type) => _rows.Count(r => r.Credential.UserId == userId && r.Credential.Type == type);

    public void AddBackupCodes(string userId, params string[] codes) =>
        _ = ReplaceAsync(userId, BackupCodeType, [.. codes.Select(c => new CredentialDraft { Type = BackupCodeType, Secret = c, SecretKind = CredentialSecretKind.Hashed })], CancellationToken.None);

    /// <summary>Uses up a backup code as the plugin does: true when it was still there.</summary>
    public async Task<bool> RedeemBackupCodeAsync(string userId, string code, CancellationToken cancellationToken) =>
        await FindBySecretAsync(userId, BackupCodeType, code, cancellationToken) is { } found && await RemoveAsync(found.Id, cancellationToken);

    public Task<IReadOnlyList<Credential>> ListAsync(string userId, string type, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Credential>>([.. _rows.Where(r => r.Credential.UserId == userId && r.Credential.Type == type).Select(r => r.Credential)]);

    public Task<Credential> AddAsync(string userId, CredentialDraft draft, CancellationToken cancellationToken)
    {
        var credential = new Credential
        {
            Id = $"c{++_nextId}",
            UserId = userId,
            Type = draft.Type,
            SecretKind = draft.SecretKind,
            Label = draft.Label,
            Metadata = draft.Metadata,
        };
        _rows.Add((credential, draft.Secret));
        return Task.FromResult(credential);
    }

    public async Task<IReadOnlyList<Credential>> ReplaceAsync(string userId, string type, IReadOnlyList<CredentialDraft> drafts, CancellationToken cancellationToken)
    {
        await RemoveAllAsync(userId, type, cancellationToken);
        var added = new List<Credential>();
        foreach (var draft in drafts)
        {
            added.Add(await AddAsync(userId, draft, cancellationToken));
        }

        return added;
    }

    public Task<Credential?> FindBySecretAsync(string userId, string type, string secret, CancellationToken cancellationToken) =>
        Task.FromResult<Credential?>(_rows.FirstOrDefault(r => r.Credential.UserId == userId && r.Credential.Type == type
                                                             && r.Credential.SecretKind == CredentialSecretKind.Hashed && r.Secret == secret).Credential);

    public Task<string?> RevealAsync(string credentialId, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(_rows.FirstOrDefault(r => r.Credential.Id == credentialId && r.Credential.SecretKind == CredentialSecretKind.Encrypted).Secret);

    public Task<bool> RecordUseAsync(string credentialId, long expectedVersion, IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The SMS OTP plugin records no uses.");

    public Task<bool> RemoveAsync(string credentialId, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.RemoveAll(r => r.Credential.Id == credentialId) == 1);

    public Task<int> RemoveAllAsync(string userId, string type, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.RemoveAll(r => r.Credential.UserId == userId && r.Credential.Type == type));
}
