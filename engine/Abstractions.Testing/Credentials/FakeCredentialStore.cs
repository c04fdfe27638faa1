using System.Security.Cryptography;
using System.Text;
using Pickup.Abstractions.Credentials;

namespace Pickup.Abstractions.Testing.Credentials;

/// <summary>
/// An in-memory <see cref="ICredentialStore"/> that keeps the whole contract, so a plugin tested against it behaves the
/// same on the engine: a hashed secret is kept only as a salted PBKDF2 hash and can be checked
/// (<see cref="FindBySecretAsync"/>, every candidate compared in constant time) but never read back;
/// <see cref="RevealAsync"/> answers only for <see cref="CredentialSecretKind.Encrypted"/> credentials;
/// <see cref="RecordUseAsync"/> succeeds only for the expected <see cref="Credential.Version"/>; <see cref="RemoveAsync"/>
/// is true only for the caller that removed.
/// </summary>
/// <remarks>
/// Thread-safe, so tests may race two uses. Given <c>declaredTypes</c>, any other type throws
/// <see cref="ArgumentException"/>, as the engine refuses a type no plugin declared. Times come from the
/// <see cref="TimeProvider"/> (pass a fake one to test expiry).
/// </remarks>
public sealed class FakeCredentialStore : ICredentialStore
{
    // Cheap on purpose: a test kit must be fast; the engine's store uses a slow hash.
    private const int HashIterations = 1_000;

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly HashSet<string>? _declaredTypes;
    private readonly List<Entry> _entries = [];
    private int _nextId;

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock for created and used times; the system clock when null.</param>
    /// <param name="declaredTypes">The credential types plugins declared; null accepts any type.</param>
    public FakeCredentialStore(TimeProvider? timeProvider = null, IEnumerable<string>? declaredTypes = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _declaredTypes = declaredTypes is null ? null : new HashSet<string>(declaredTypes, StringComparer.Ordinal);
    }

    /// <summary>Every stored credential, of every user and type, secrets left out (for assertions).</summary>
    public IReadOnlyList<Credential> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.Select(e => e.Credential)];
            }
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Credential>> ListAsync(string userId, string type, CancellationToken cancellationToken)
    {
        CheckType(type);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Credential>>([.. Of(userId, type).Select(e => e.Credential)]);
        }
    }

    /// <inheritdoc />
    public Task<Credential> AddAsync(string userId, CredentialDraft draft, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(draft);
        CheckType(draft.Type);
        var entry = Create(userId, draft, RandomNumberGenerator.GetBytes(16));
        lock (_gate)
        {
            _entries.Add(entry);
            return Task.FromResult(entry.Credential);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Credential>> ReplaceAsync(string userId, string type, IReadOnlyList<CredentialDraft> drafts, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(drafts);
        CheckType(type);
        if (drafts.Any(d => d.Type != type))
        {
            throw new ArgumentException($"Every draft must be of the type '{type}'.", nameof(drafts));
        }

        var salt = RandomNumberGenerator.GetBytes(16);
        var created = drafts.Select(d => Create(userId, d, salt)).ToList();
        lock (_gate)
        {
            _entries.RemoveAll(e => e.Credential.UserId == userId && e.Credential.Type == type);
            _entries.AddRange(created);
            return Task.FromResult<IReadOnlyList<Credential>>([.. created.Select(e => e.Credential)]);
        }
    }

    /// <inheritdoc />
    public Task<Credential?> FindBySecretAsync(string userId, string type, string secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        CheckType(type);
        List<Entry> candidates;
        lock (_gate)
        {
            candidates = [.. Of(userId, type).Where(e => e.Credential.SecretKind == CredentialSecretKind.Hashed)];
        }

        Credential? found = null;
        var hashes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in candidates)
        {
            var key = Convert.ToBase64String(entry.Salt);
            if (!hashes.TryGetValue(key, out var typed))
            {
                typed = Hash(secret, entry.Salt);
                hashes.Add(key, typed);
            }

            // No early exit: the time does not tell which candidate matched.
            if (CryptographicOperations.FixedTimeEquals(typed, entry.Hash!) && found is null)
            {
                found = entry.Credential;
            }
        }

        if (found is not null)
        {
            // A credential removed meanwhile is not found.
            lock (_gate)
            {
                found = _entries.FirstOrDefault(e => e.Credential.Id == found.Id)?.Credential;
            }
        }

        return Task.FromResult(found);
    }

    /// <inheritdoc />
    public Task<string?> RevealAsync(string credentialId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var entry = Find(credentialId);
            return Task.FromResult(entry?.Credential.SecretKind == CredentialSecretKind.Encrypted ? entry.Clear : null);
        }
    }

    /// <inheritdoc />
    public Task<bool> RecordUseAsync(string credentialId, long expectedVersion, IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var entry = Find(credentialId);
            if (entry is null || entry.Credential.Version != expectedVersion)
            {
                return Task.FromResult(false);
            }

            var old = entry.Credential;
            entry.Credential = new Credential
            {
                Id = old.Id,
                UserId = old.UserId,
                Type = old.Type,
                SecretKind = old.SecretKind,
                Label = old.Label,
                Metadata = metadata is null ? old.Metadata : new Dictionary<string, string>(metadata, StringComparer.Ordinal),
                CreatedAt = old.CreatedAt,
                LastUsedAt = _time.GetUtcNow(),
                Version = old.Version + 1,
            };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string credentialId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.RemoveAll(e => e.Credential.Id == credentialId) > 0);
        }
    }

    /// <inheritdoc />
    public Task<int> RemoveAllAsync(string userId, string type, CancellationToken cancellationToken)
    {
        CheckType(type);
        lock (_gate)
        {
            return Task.FromResult(_entries.RemoveAll(e => e.Credential.UserId == userId && e.Credential.Type == type));
        }
    }

    private Entry Create(string userId, CredentialDraft draft, byte[] salt)
    {
        string id;
        lock (_gate)
        {
            id = "credential-" + (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var credential = new Credential
        {
            Id = id,
            UserId = userId,
            Type = draft.Type,
            SecretKind = draft.SecretKind,
            Label = draft.Label,
            Metadata = new Dictionary<string, string>(draft.Metadata, StringComparer.Ordinal),
            CreatedAt = _time.GetUtcNow(),
        };
        return draft.SecretKind == CredentialSecretKind.Hashed
            ? new Entry(credential, salt, Hash(draft.Secret, salt), null)
            : new Entry(credential, salt, null, draft.Secret);
    }

    private IEnumerable<Entry> Of(string userId, string type) =>
        _entries.Where(e => e.Credential.UserId == userId && e.Credential.Type == type);

    private Entry? Find(string credentialId) => _entries.FirstOrDefault(e => e.Credential.Id == credentialId);

    private void CheckType(string type)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        if (_declaredTypes is not null && !_declaredTypes.Contains(type))
        {
            throw new ArgumentException($"The credential type '{type}' was not declared (PluginContributions.CredentialType); declared: {string.Join(", ", _declaredTypes.Order(StringComparer.Ordinal))}.", nameof(type));
        }
    }

    private static byte[] Hash(string secret, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, HashIterations, HashAlgorithmName.SHA256, 32);

    private sealed class Entry(Credential credential, byte[] salt, byte[]? hash, string? clear)
    {
        public Credential Credential { get; set; } = credential;

        public byte[] Salt { get; } = salt;

        public byte[]? Hash { get; } = hash;

        public string? Clear { get; } = clear;
    }
}
