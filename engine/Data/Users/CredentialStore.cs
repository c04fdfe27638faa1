using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pickup.Abstractions.Credentials;
using Pickup.Abstractions.Security;
using Pickup.Core.Plugins;
using Pickup.Data.Entities;
using Pickup.Data.Passwords;

namespace Pickup.Data.Users;

/// <summary>
/// The engine's <see cref="ICredentialStore"/> over <c>pickup_credentials</c>: hashed secrets as Argon2id PHC strings
/// (the password hasher, at the password cost), encrypted ones with AES-256-GCM under a key derived from the server
/// secret, bound to their row (credential id, user id and type as associated data) so a ciphertext copied to another
/// row or user does not decrypt.
/// </summary>
/// <remarks>
/// Lifetime: per request or command (scoped). Why Argon2id for hashed secrets: a short secret (an 8-digit recovery
/// code has about 27 bits) against a fast hash falls in seconds to anyone holding a copy of the database. The drafts of
/// one <see cref="ReplaceAsync"/> share one salt, so <see cref="FindBySecretAsync"/> runs Argon2id once per distinct
/// salt and compares the result with every candidate in constant time; one offline guess then tests a whole batch,
/// still at a password guess's cost, and no work carries over to another batch or user.
/// </remarks>
public sealed class CredentialStore(
    PickupDbContext db,
    Argon2idPasswordHasher hasher,
    IServerSecrets secrets,
    PluginContributionRegistry contributions,
    TimeProvider time) : ICredentialStore
{
    /// <summary>The purpose of the key that encrypts secrets (<see cref="IServerSecrets.DeriveKey"/>).</summary>
    public const string KeyPurpose = "pickup.credentials";

    /// <summary>The longest secret the store keeps, in characters.</summary>
    public const int MaxSecretLength = 4096;

    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly HashSet<string> _declaredTypes = contributions.CredentialTypes.Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Credential>> ListAsync(string userId, string type, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(type);
        var rows = await db.Credentials.AsNoTracking().Where(c => c.UserId == userId && c.Type == type).ToListAsync(cancellationToken);
        return [.. Oldest(rows).Select(ToCredential)];
    }

    /// <summary>Every credential the user holds, of every type, oldest first (for administrators: <c>pickup users show</c>).</summary>
    public async Task<IReadOnlyList<Credential>> ListAllAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var rows = await db.Credentials.AsNoTracking().Where(c => c.UserId == userId).ToListAsync(cancellationToken);
        return [.. Oldest(rows).Select(ToCredential)];
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No plugin declared the draft's type.</exception>
    public async Task<Credential> AddAsync(string userId, CredentialDraft draft, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(draft);
        RequireDeclared(draft.Type);
        var entity = Seal(userId, draft, Argon2idPasswordHasher.NewSalt());
        db.Credentials.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(entity).State = EntityState.Detached;
        return ToCredential(entity);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No plugin declared <paramref name="type"/>.</exception>
    /// <exception cref="ArgumentException">A draft is of another type than <paramref name="type"/>.</exception>
    public async Task<IReadOnlyList<Credential>> ReplaceAsync(string userId, string type, IReadOnlyList<CredentialDraft> drafts, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(drafts);
        RequireDeclared(type);
        if (drafts.FirstOrDefault(d => !string.Equals(d.Type, type, StringComparison.Ordinal)) is { } stray)
        {
            throw new ArgumentException($"A draft of type '{stray.Type}' cannot replace credentials of type '{type}'.", nameof(drafts));
        }

        var salt = Argon2idPasswordHasher.NewSalt();
        var entities = drafts.Select(d => Seal(userId, d, salt)).ToList();

        // Old and new never coexist: a crash halfway leaves the previous set intact.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Credentials.Where(c => c.UserId == userId && c.Type == type).ExecuteDeleteAsync(cancellationToken);
        db.Credentials.AddRange(entities);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var entity in entities)
        {
            db.Entry(entity).State = EntityState.Detached;
        }

        return [.. entities.Select(ToCredential)];
    }

    /// <inheritdoc />
    public async Task<Credential?> FindBySecretAsync(string userId, string type, string secret, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length is 0 or > MaxSecretLength)
        {
            return null;
        }

        var candidates = await db.Credentials
            .AsNoTracking()
            .Where(c => c.UserId == userId && c.Type == type && c.SecretKind == CredentialEntity.SecretKinds.Hashed)
            .ToListAsync(cancellationToken);
        var match = await FindMatchAsync(secret, candidates, cancellationToken);
        return match is null ? null : ToCredential(match);
    }

    /// <inheritdoc />
    /// <exception cref="CryptographicException">
    /// The stored ciphertext does not decrypt for its row: it was altered or copied from another credential, or the
    /// server secret changed. Never a wrong value.
    /// </exception>
    public async Task<string?> RevealAsync(string credentialId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(credentialId);
        var row = await db.Credentials.AsNoTracking().FirstOrDefaultAsync(c => c.Id == credentialId, cancellationToken);
        if (row is null || row.SecretKind != CredentialEntity.SecretKinds.Encrypted)
        {
            return null;
        }

        return Decrypt(row);
    }

    /// <inheritdoc />
    public async Task<bool> RecordUseAsync(string credentialId, long expectedVersion, IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(credentialId);
        var now = time.GetUtcNow();
        var next = expectedVersion + 1;
        var row = db.Credentials.Where(c => c.Id == credentialId && c.Version == expectedVersion);

        // One conditional UPDATE: of two requests racing with one version, the database lets exactly one match.
        var updated = metadata is null
            ? await row.ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUsedAt, now).SetProperty(c => c.Version, next), cancellationToken)
            : await row.ExecuteUpdateAsync(
                s => s.SetProperty(c => c.LastUsedAt, now).SetProperty(c => c.Version, next).SetProperty(c => c.Metadata, SerializeMetadata(metadata)),
                cancellationToken);
        return updated == 1;
    }

    /// <inheritdoc />
    public async Task<bool> RemoveAsync(string credentialId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(credentialId);
        return await db.Credentials.Where(c => c.Id == credentialId).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    /// <inheritdoc />
    public Task<int> RemoveAllAsync(string userId, string type, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(type);
        return db.Credentials.Where(c => c.UserId == userId && c.Type == type).ExecuteDeleteAsync(cancellationToken);
    }

    private void RequireDeclared(string type)
    {
        if (!_declaredTypes.Contains(type))
        {
            throw new InvalidOperationException(
                $"The credential type '{type}' was not declared: a plugin declares its types in IPickupPlugin.Describe (contributions.CredentialType).");
        }
    }

    private CredentialEntity Seal(string userId, CredentialDraft draft, byte[] salt)
    {
        if (draft.Secret.Length > MaxSecretLength)
        {
            throw new ArgumentException($"A credential's secret is at most {MaxSecretLength} characters.", nameof(draft));
        }

        var entity = new CredentialEntity
        {
            UserId = userId,
            Type = draft.Type,
            Label = draft.Label,
            SecretKind = draft.SecretKind == CredentialSecretKind.Hashed ? CredentialEntity.SecretKinds.Hashed : CredentialEntity.SecretKinds.Encrypted,
            Secret = string.Empty,
            Metadata = SerializeMetadata(draft.Metadata),
            CreatedAt = time.GetUtcNow(),
        };
        if (draft.SecretKind == CredentialSecretKind.Hashed)
        {
            entity.Secret = hasher.Hash(draft.Secret, salt);
        }
        else
        {
            Encrypt(entity, draft.Secret);
        }

        return entity;
    }

    private void Encrypt(CredentialEntity entity, string secret)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[plain.Length + TagSize];
        var key = secrets.DeriveKey(KeyPurpose);
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(0, plain.Length), sealedBytes.AsSpan(plain.Length), AssociatedData(entity));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plain);
        }

        entity.Secret = Convert.ToBase64String(sealedBytes);
        entity.Nonce = Convert.ToBase64String(nonce);
    }

    private string Decrypt(CredentialEntity row)
    {
        byte[] sealedBytes, nonce;
        try
        {
            sealedBytes = Convert.FromBase64String(row.Secret);
            nonce = Convert.FromBase64String(row.Nonce ?? string.Empty);
        }
        catch (FormatException exception)
        {
            throw Undecryptable(row, exception);
        }

        if (nonce.Length != NonceSize || sealedBytes.Length < TagSize)
        {
            throw Undecryptable(row, null);
        }

        var plain = new byte[sealedBytes.Length - TagSize];
        var key = secrets.DeriveKey(KeyPurpose);
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(nonce, sealedBytes.AsSpan(0, plain.Length), sealedBytes.AsSpan(plain.Length), plain, AssociatedData(row));
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException exception)
        {
            throw Undecryptable(row, exception);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static CryptographicException Undecryptable(CredentialEntity row, Exception? inner) =>
        new($"The secret of credential {row.Id} ({row.Type}) does not decrypt: it was altered or copied from another credential, or the server secret changed.", inner);

    // The row's identity, length-prefixed so no two different triples give the same bytes.
    private static byte[] AssociatedData(CredentialEntity row)
    {
        var builder = new StringBuilder("pickup.credential.v1");
        foreach (var part in new[] { row.Id, row.UserId, row.Type })
        {
            builder.Append('|').Append(part.Length).Append(':').Append(part);
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    // One Argon2id run per salt and cost, compared with every candidate sharing them without stopping at the first
    // match, so the time does not tell which one matched.
    private async Task<CredentialEntity?> FindMatchAsync(string secret, IEnumerable<CredentialEntity> candidates, CancellationToken cancellationToken)
    {
        CredentialEntity? match = null;
        var groups = candidates
            .Select(c => (Row: c, Parsed: Argon2idHashString.TryParse(c.Secret, out var parsed) ? parsed : null))
            .Where(c => c.Parsed is not null)
            .GroupBy(c => (c.Parsed!.MemoryKib, c.Parsed.Iterations, c.Parsed.Parallelism, c.Parsed.Hash.Length, Salt: Convert.ToBase64String(c.Parsed.Salt)));
        foreach (var group in groups)
        {
            var derived = await hasher.DeriveLikeAsync(secret, group.First().Parsed!, cancellationToken);
            if (derived is null)
            {
                continue;
            }

            foreach (var (row, parsed) in group)
            {
                if (CryptographicOperations.FixedTimeEquals(derived, parsed!.Hash))
                {
                    match ??= row;
                }
            }
        }

        return match;
    }

    private static IEnumerable<CredentialEntity> Oldest(IEnumerable<CredentialEntity> rows) =>
        rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal);

    private static Credential ToCredential(CredentialEntity row) =>
        new()
        {
            Id = row.Id,
            UserId = row.UserId,
            Type = row.Type,
            SecretKind = row.SecretKind == CredentialEntity.SecretKinds.Hashed ? CredentialSecretKind.Hashed : CredentialSecretKind.Encrypted,
            Label = row.Label,
            Metadata = DeserializeMetadata(row.Metadata),
            CreatedAt = row.CreatedAt,
            LastUsedAt = row.LastUsedAt,
            Version = row.Version,
        };

    private static string SerializeMetadata(IReadOnlyDictionary<string, string> metadata) =>
        JsonSerializer.Serialize(metadata.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal));

    private static Dictionary<string, string> DeserializeMetadata(string json)
    {
        var parsed = string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        return parsed is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(parsed, StringComparer.Ordinal);
    }
}
