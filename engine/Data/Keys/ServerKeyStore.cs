using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pickup.Data.Entities;

namespace Pickup.Data.Keys;

/// <summary>
/// The server's keys in the engine's database, one row each, created by whichever node needs one first and read by
/// every node, so no key file is shared between nodes. Once per server.
/// </summary>
public sealed partial class ServerKeyStore
{
    private readonly IServiceScopeFactory _scopes;
    private readonly ServerKeyEncryption _encryption;
    private readonly TimeProvider _time;
    private readonly ILogger<ServerKeyStore> _logger;

    public ServerKeyStore(IServiceScopeFactory scopes, ServerKeyEncryption encryption, TimeProvider time, ILogger<ServerKeyStore> logger)
    {
        _scopes = scopes;
        _encryption = encryption;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// The key named <paramref name="name"/>; when there is none yet, <paramref name="create"/>'s is inserted. Race-free:
    /// the name is the table's primary key, so when several nodes create the same key at once one insert wins and the
    /// others read the winner's row (and drop their own draft).
    /// </summary>
    /// <exception cref="InvalidDataException">The stored row cannot be decrypted (see <see cref="ServerKeyEncryption.Open"/>).</exception>
    public async Task<ServerKey> GetOrCreateAsync(string name, Func<ServerKeyDraft> create, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(create);
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PickupDbContext>();
        if (await FindAsync(db, name, ct) is { } existing)
        {
            return existing;
        }

        var draft = create();
        var (material, nonce) = _encryption.Seal(name, draft.Material);
        db.ServerKeys.Add(new ServerKeyEntity
        {
            Name = name,
            KeyId = draft.KeyId,
            Material = material,
            Nonce = nonce,
            CreatedAt = _time.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
            LogCreated(name, draft.KeyId);
            return new ServerKey(name, draft.KeyId, draft.Material);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await FindAsync(db, name, ct) is { } winner)
            {
                return winner;
            }

            throw;
        }
    }

    /// <summary>Every key's row without its material, by name.</summary>
    public async Task<IReadOnlyList<ServerKeyInfo>> ListAsync(CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PickupDbContext>();
        var rows = await db.ServerKeys.AsNoTracking()
            .Select(k => new { k.Name, k.KeyId, k.CreatedAt, k.ActivatesAt, k.RetiresAt, Sealed = k.Nonce != null })
            .ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => new ServerKeyInfo(r.Name, r.KeyId, r.CreatedAt, r.ActivatesAt, r.RetiresAt, r.Sealed))];
    }

    /// <summary>The key named <paramref name="name"/>, or null when there is none.</summary>
    /// <exception cref="InvalidDataException">The stored row cannot be decrypted (see <see cref="ServerKeyEncryption.Open"/>).</exception>
    public async Task<ServerKey?> ReadAsync(string name, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        await using var scope = _scopes.CreateAsyncScope();
        return await FindAsync(scope.ServiceProvider.GetRequiredService<PickupDbContext>(), name, ct);
    }

    /// <summary>
    /// Makes generation <paramref name="afterGeneration"/> + 1 of <paramref name="baseName"/>, which starts being used
    /// <paramref name="lead"/> from now, and schedules the retirement of every earlier generation not yet scheduled:
    /// <paramref name="retention"/> after the new one activates (when every token they made has expired). Race-free:
    /// the generation is part of the name, the primary key, so when several nodes (or a node and <c>pickup keys
    /// rotate</c>) rotate from the same generation at once, one insert wins and the others get the winner's row.
    /// </summary>
    /// <returns>The new generation's row, and whether this call made it.</returns>
    public async Task<(ServerKeyInfo Key, bool Created)> RotateAsync(
        string baseName,
        int afterGeneration,
        Func<ServerKeyDraft> create,
        TimeSpan lead,
        TimeSpan retention,
        CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseName);
        ArgumentOutOfRangeException.ThrowIfLessThan(afterGeneration, 1);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentOutOfRangeException.ThrowIfLessThan(lead, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(retention, TimeSpan.Zero);
        var name = ServerKeyInfo.NameOf(baseName, afterGeneration + 1);
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PickupDbContext>();
        if (await InfoAsync(db, name, ct) is { } existing)
        {
            return (existing, false);
        }

        var draft = create();
        var (material, nonce) = _encryption.Seal(name, draft.Material);
        var now = _time.GetUtcNow();
        var entity = new ServerKeyEntity
        {
            Name = name,
            KeyId = draft.KeyId,
            Material = material,
            Nonce = nonce,
            CreatedAt = now,
            ActivatesAt = now + lead,
        };
        db.ServerKeys.Add(entity);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await InfoAsync(db, name, ct) is { } winner)
            {
                return (winner, false);
            }

            throw;
        }

        var retires = now + lead + retention;
        var earlier = await db.ServerKeys.AsNoTracking().Where(k => k.RetiresAt == null).Select(k => k.Name).ToListAsync(ct);
        foreach (var older in earlier.Where(n => ServerKeyInfo.GenerationOf(n, baseName) is { } g && g <= afterGeneration))
        {
            await db.ServerKeys.Where(k => k.Name == older && k.RetiresAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.RetiresAt, retires), ct);
        }

        LogRotated(name, draft.KeyId, entity.ActivatesAt.Value);
        return (new ServerKeyInfo(name, draft.KeyId, now, entity.ActivatesAt, null, nonce is not null), true);
    }

    /// <summary>Every key whose name starts with <paramref name="prefix"/> (synchronous, for Data Protection's interface).</summary>
    /// <exception cref="InvalidDataException">A row cannot be decrypted.</exception>
    public IReadOnlyList<ServerKey> ListWithPrefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PickupDbContext>();
        var rows = db.ServerKeys.AsNoTracking().Where(k => k.Name.StartsWith(prefix)).OrderBy(k => k.Name).ToList();
        var keys = new List<ServerKey>(rows.Count);
        foreach (var row in rows)
        {
            var material = _encryption.Open(row.Name, row.Material, row.Nonce);
            if (_encryption.Enabled && row.Nonce is null)
            {
                var (sealedMaterial, nonce) = _encryption.Seal(row.Name, material);
                db.ServerKeys.Where(k => k.Name == row.Name && k.Nonce == null)
                    .ExecuteUpdate(s => s.SetProperty(k => k.Material, sealedMaterial).SetProperty(k => k.Nonce, nonce));
                LogSealed(row.Name);
            }

            keys.Add(new ServerKey(row.Name, row.KeyId, material));
        }

        return keys;
    }

    /// <summary>Inserts a new key under a name nobody else creates (synchronous, for Data Protection's interface).</summary>
    public void Add(string name, ServerKeyDraft draft)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(draft);
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PickupDbContext>();
        var (material, nonce) = _encryption.Seal(name, draft.Material);
        db.ServerKeys.Add(new ServerKeyEntity { Name = name, KeyId = draft.KeyId, Material = material, Nonce = nonce, CreatedAt = _time.GetUtcNow() });
        db.SaveChanges();
        LogCreated(name, draft.KeyId);
    }

    private async Task<ServerKey?> FindAsync(PickupDbContext db, string name, CancellationToken ct)
    {
        var row = await db.ServerKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Name == name, ct);
        if (row is null)
        {
            return null;
        }

        var material = _encryption.Open(name, row.Material, row.Nonce);
        if (_encryption.Enabled && row.Nonce is null)
        {
            // Stored before key_encryption_key was set: sealed now, once (only while still in clear).
            var (sealedMaterial, nonce) = _encryption.Seal(name, material);
            await db.ServerKeys.Where(k => k.Name == name && k.Nonce == null)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.Material, sealedMaterial).SetProperty(k => k.Nonce, nonce), ct);
            LogSealed(name);
        }

        return new ServerKey(name, row.KeyId, material);
    }

    private static async Task<ServerKeyInfo?> InfoAsync(PickupDbContext db, string name, CancellationToken ct) =>
        await db.ServerKeys.AsNoTracking().Where(k => k.Name == name)
            .Select(k => new ServerKeyInfo(k.Name, k.KeyId, k.CreatedAt, k.ActivatesAt, k.RetiresAt, k.Nonce != null))
            .SingleOrDefaultAsync(ct);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created server key {Name} (key id {KeyId}), in use from {ActivatesAt:u}.")]
    private partial void LogRotated(string name, string keyId, DateTimeOffset activatesAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created server key {Name} (key id {KeyId}) in the database.")]
    private partial void LogCreated(string name, string keyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Server key {Name} was stored in clear: now encrypted with [security] key_encryption_key.")]
    private partial void LogSealed(string name);
}

/// <summary>A server key as read from the database (material in clear).</summary>
/// <param name="Name">The key's unique name.</param>
/// <param name="KeyId">The key id tokens name.</param>
/// <param name="Material">PEM or base64 text.</param>
public sealed record ServerKey(string Name, string KeyId, string Material);

/// <summary>A key to insert when none is stored under its name yet.</summary>
/// <param name="KeyId">The key id tokens will name.</param>
/// <param name="Material">PEM or base64 text.</param>
public sealed record ServerKeyDraft(string KeyId, string Material);
