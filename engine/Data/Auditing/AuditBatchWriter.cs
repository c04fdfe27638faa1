using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pickup.Data.Entities;

namespace Pickup.Data.Auditing;

/// <summary>
/// Inserts audit rows, a batch per <c>SaveChanges</c> (one transaction), through one scope and context kept for its
/// whole life; a batch that cannot be stored is logged event by event and the next one is tried afresh.
/// </summary>
internal sealed class AuditBatchWriter : IAsyncDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger _logger;
    private AsyncServiceScope? _scope;
    private PickupDbContext? _db;

    private AuditBatchWriter(IServiceScopeFactory scopes, ILogger logger)
    {
        _scopes = scopes;
        _logger = logger;
    }

    /// <summary>A writer with its context resolved now, while the container still hands out scopes.</summary>
    public static AuditBatchWriter Open(IServiceScopeFactory scopes, ILogger logger)
    {
        var writer = new AuditBatchWriter(scopes, logger);
        try
        {
            writer.Resolve();
        }
        catch (Exception exception)
        {
            // A disposed container (a write after shutdown), or a context that cannot be built: StoreAsync tries again
            // and logs each event it cannot store. Throwing here would stop the writer before its first batch.
            logger.LogDebug(exception, "Audit: no database context yet");
        }

        return writer;
    }

    /// <summary>The failures that cost only the events in hand: the database or the container is unavailable.</summary>
    internal static bool IsStorageFailure(Exception exception) =>
        exception is DbException or DbUpdateException or InvalidOperationException or TimeoutException;

    /// <summary>Inserts <paramref name="rows"/> in their order, in one transaction; logs each one that is not stored.</summary>
    public async Task StoreAsync(IReadOnlyList<AuditEventEntity> rows)
    {
        try
        {
            var db = _db ?? Resolve();
            db.AuditEvents.AddRange(rows);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            foreach (var row in rows)
            {
                _logger.LogError(exception, "Audit event {Type} could not be stored; it is only in this log", row.Type);
            }
        }
        finally
        {
            // Stored rows are never read back through this context, and failed ones must not be retried with the next
            // batch: either way the context starts the next batch empty.
            _db?.ChangeTracker.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_scope is { } scope)
        {
            await scope.DisposeAsync();
        }
    }

    private PickupDbContext Resolve()
    {
        _scope ??= _scopes.CreateAsyncScope();
        return _db = _scope.Value.ServiceProvider.GetRequiredService<PickupDbContext>();
    }
}
