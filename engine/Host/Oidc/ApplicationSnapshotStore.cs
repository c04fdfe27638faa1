using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace Pickup.Host.Oidc;

/// <summary>
/// OpenIddict's application store on the engine's database, answering the lookups of a client by its id from memory.
/// Every authorization and token request looks its client up, always for the same few rows:
/// the clients are written only by <see cref="ClientSynchronizer"/> at start-up, from the service provider files.
/// </summary>
/// <remarks>
/// A remembered client is handed out as a fresh copy attached to this request's context, exactly as if it had just
/// been read: OpenIddict's token and authorization stores find it there when they link a new entry to it. Any create,
/// update or delete through this store forgets everything remembered. Other nodes keep what they read until they
/// restart, just as they keep the service provider files they started with: change those files on every node and
/// restart each.
/// </remarks>
internal sealed class ApplicationSnapshotStore(
    IMemoryCache cache,
    IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options,
    ApplicationSnapshots snapshots)
    : OpenIddictEntityFrameworkCoreApplicationStore<
        OpenIddictEntityFrameworkCoreApplication,
        OpenIddictEntityFrameworkCoreAuthorization,
        OpenIddictEntityFrameworkCoreToken,
        string>(cache, context, options)
{
    /// <inheritdoc />
    public override ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken) =>
        FindAsync(snapshots.FindByClientId(identifier), () => base.FindByClientIdAsync(identifier, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public override ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByIdAsync(string identifier, CancellationToken cancellationToken) =>
        FindAsync(snapshots.FindById(identifier), () => base.FindByIdAsync(identifier, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public override async ValueTask CreateAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken)
    {
        snapshots.Forget();
        await base.CreateAsync(application, cancellationToken);
        snapshots.Forget();
    }

    /// <inheritdoc />
    public override async ValueTask UpdateAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken)
    {
        snapshots.Forget();
        await base.UpdateAsync(application, cancellationToken);
        snapshots.Forget();
    }

    /// <inheritdoc />
    public override async ValueTask DeleteAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken)
    {
        snapshots.Forget();
        await base.DeleteAsync(application, cancellationToken);
        snapshots.Forget();
    }

    // The remembered copy when there is one; otherwise the database's answer, remembered unless a write intervened.
    private async ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindAsync(
        OpenIddictEntityFrameworkCoreApplication? snapshot,
        Func<ValueTask<OpenIddictEntityFrameworkCoreApplication?>> read,
        CancellationToken cancellationToken)
    {
        if (snapshot is not null)
        {
            return await AttachAsync(snapshot, cancellationToken);
        }

        var generation = snapshots.Generation;
        var application = await read();
        snapshots.Remember(application, generation);
        return application;
    }

    // The row this context already tracks (read or attached earlier in the request) wins: two instances of one key
    // cannot be tracked together.
    private async ValueTask<OpenIddictEntityFrameworkCoreApplication> AttachAsync(OpenIddictEntityFrameworkCoreApplication snapshot, CancellationToken cancellationToken)
    {
        var db = await Context.GetDbContextAsync(cancellationToken);
        var applications = db.Set<OpenIddictEntityFrameworkCoreApplication>();
        if (applications.Local.FindEntry(snapshot.Id!) is { } tracked)
        {
            return tracked.Entity;
        }

        // The entry alone, as a query would track it: Attach would also walk the (empty) navigations.
        var copy = ApplicationSnapshots.Copy(snapshot);
        db.Entry(copy).State = EntityState.Unchanged;
        return copy;
    }
}

/// <summary>The clients <see cref="ApplicationSnapshotStore"/> has read, by client id and by id.</summary>
/// <remarks>
/// Lifetime: once per server (singleton); thread-safe. Holds detached copies that are never handed out themselves.
/// Only found clients are remembered (an unknown client id is not, so a caller cannot fill memory with them), and at
/// most <see cref="MaxEntries"/>.
/// </remarks>
internal sealed class ApplicationSnapshots
{
    /// <summary>The most clients remembered; past it everything is forgotten and read again.</summary>
    public const int MaxEntries = 1024;

    private readonly ConcurrentDictionary<string, OpenIddictEntityFrameworkCoreApplication> _byClientId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OpenIddictEntityFrameworkCoreApplication> _byId = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _generation;

    /// <summary>
    /// Changes whenever the store forgets: a row read under an older generation may predate a write and is not kept.
    /// </summary>
    public long Generation => Volatile.Read(ref _generation);

    public OpenIddictEntityFrameworkCoreApplication? FindByClientId(string clientId) =>
        _byClientId.TryGetValue(clientId, out var snapshot) ? snapshot : null;

    public OpenIddictEntityFrameworkCoreApplication? FindById(string id) =>
        _byId.TryGetValue(id, out var snapshot) ? snapshot : null;

    /// <summary>Keeps a copy of a client just read, unless the store forgot everything since the read began.</summary>
    public void Remember(OpenIddictEntityFrameworkCoreApplication? application, long readGeneration)
    {
        if (application?.Id is null || application.ClientId is null)
        {
            return;
        }

        var snapshot = Copy(application);
        lock (_gate)
        {
            if (_generation != readGeneration)
            {
                return;
            }

            if (_byId.Count >= MaxEntries)
            {
                _byClientId.Clear();
                _byId.Clear();
            }

            _byClientId[snapshot.ClientId!] = snapshot;
            _byId[snapshot.Id!] = snapshot;
        }
    }

    /// <summary>Forgets every client (after a write).</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _generation++;
            _byClientId.Clear();
            _byId.Clear();
        }
    }

    /// <summary>A copy of every stored column; the navigation collections stay empty, as in a fresh read.</summary>
    public static OpenIddictEntityFrameworkCoreApplication Copy(OpenIddictEntityFrameworkCoreApplication source) => new()
    {
        Id = source.Id,
        ApplicationType = source.ApplicationType,
        ClientId = source.ClientId,
        ClientSecret = source.ClientSecret,
        ClientType = source.ClientType,
        ConcurrencyToken = source.ConcurrencyToken,
        ConsentType = source.ConsentType,
        DisplayName = source.DisplayName,
        DisplayNames = source.DisplayNames,
        JsonWebKeySet = source.JsonWebKeySet,
        Permissions = source.Permissions,
        PostLogoutRedirectUris = source.PostLogoutRedirectUris,
        Properties = source.Properties,
        RedirectUris = source.RedirectUris,
        Requirements = source.Requirements,
        Settings = source.Settings,
    };
}
