using Pickup.Abstractions.Credentials;

namespace Pickup.Plugins.Tests.Totp;

/// <summary>
/// An in-memory credential store with the contract's concurrency: <see cref="RecordUseAsync"/> succeeds only on the
/// stored version, atomically. <see cref="HoldUsesUntil"/> makes racing requests all read before any records.
/// </summary>
internal sealed class FakeCredentialStore : ICredentialStore
{
    private readonly Lock _lock = new();
    private readonly List<(Credential Credential, string Secret)> _rows = [];
    private int _nextId;
    private int _usesToHold;
    private int _usesArrived;
    private TaskCompletionSource _released = CompletedSource();

    public IReadOnlyList<Credential> All
    {
        get
        {
            lock (_lock)
            {
                return _rows.Select(r => r.Credential).ToArray();
            }
        }
    }

    /// <summary>Called once at the start of <see cref="AddAsync"/>, before the row is stored (a second tab racing in).</summary>
    public Func<Task>? BeforeAdd { get; set; }

    public string SecretOf(string credentialId)
    {
        lock (_lock)
        {
            return _rows.Single(r => r.Credential.Id == credentialId).Secret;
        }
    }

    /// <summary>The next <paramref name="count"/> calls of <see cref="RecordUseAsync"/> wait until all of them have arrived.</summary>
    public void HoldUsesUntil(int count)
    {
        lock (_lock)
        {
            _usesToHold = count;
            _usesArrived = 0;
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public Task<IReadOnlyList<Credential>> ListAsync(string userId, string type, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Credential>>(
                _rows.Select(r => r.Credential).Where(c => c.UserId == userId && c.Type == type).ToArray());
        }
    }

    public async Task<Credential> AddAsync(string userId, CredentialDraft draft, CancellationToken cancellationToken)
    {
        if (BeforeAdd is { } hook)
        {
            BeforeAdd = null;
            await hook();
        }

        Credential credential;
        lock (_lock)
        {
            credential = new Credential
            {
                Id = $"c{++_nextId}",
                UserId = userId,
                Type = draft.Type,
                SecretKind = draft.SecretKind,
                Label = draft.Label,
                Metadata = new Dictionary<string, string>(draft.Metadata),
                CreatedAt = DateTimeOffset.UnixEpoch.AddSeconds(_nextId),
            };
            _rows.Add((credential, draft.Secret));
        }

        return credential;
    }

    public Task<IReadOnlyList<Credential>> ReplaceAsync(string userId, string type, IReadOnlyList<CredentialDraft> drafts, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The TOTP plugin keeps one credential; it never replaces a batch.");

    public Task<Credential?> FindBySecretAsync(string userId, string type, string secret, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A TOTP secret is encrypted, never looked up by value.");

    public Task<string?> RevealAsync(string credentialId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var row = _rows.FirstOrDefault(r => r.Credential.Id == credentialId);
            return Task.FromResult(row.Credential is { SecretKind: CredentialSecretKind.Encrypted } ? row.Secret : null);
        }
    }

    public async Task<bool> RecordUseAsync(string credentialId, long expectedVersion, IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        Task wait;
        lock (_lock)
        {
            wait = _released.Task;
            if (_usesToHold > 0 && ++_usesArrived >= _usesToHold)
            {
                _usesToHold = 0;
                _released.TrySetResult();
            }
        }

        await wait.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        lock (_lock)
        {
            var index = _rows.FindIndex(r => r.Credential.Id == credentialId);
            if (index < 0 || _rows[index].Credential.Version != expectedVersion)
            {
                return false;
            }

            var (old, secret) = _rows[index];
            _rows[index] = (new Credential
            {
                Id = old.Id,
                UserId = old.UserId,
                Type = old.Type,
                SecretKind = old.SecretKind,
                Label = old.Label,
                Metadata = metadata is null ? old.Metadata : new Dictionary<string, string>(metadata),
                CreatedAt = old.CreatedAt,
                LastUsedAt = DateTimeOffset.UtcNow,
                Version = old.Version + 1,
            }, secret);
            return true;
        }
    }

    public Task<bool> RemoveAsync(string credentialId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.RemoveAll(r => r.Credential.Id == credentialId) > 0);
        }
    }

    public Task<int> RemoveAllAsync(string userId, string type, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.RemoveAll(r => r.Credential.UserId == userId && r.Credential.Type == type));
        }
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }
}
