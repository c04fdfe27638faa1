using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Pickup.Data;

/// <summary>
/// Adopts a database whose schema was created by <c>EnsureCreated</c> (engines before migrations) into migration
/// history, so <c>Migrate</c> neither fails on existing tables nor loses data.
/// </summary>
internal static class MigrationBaseline
{
    /// <summary>
    /// When the database holds our tables but no migration history, records the provider's first migration (whose
    /// schema is exactly what <c>EnsureCreated</c> made) as applied. Does nothing on a new or migrated database.
    /// </summary>
    public static async Task AdoptUnversionedSchemaAsync(PickupDbContext db, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken)
            || (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any()
            || !await HasUsersTableAsync(db, cancellationToken))
        {
            return;
        }

        var baseline = db.Database.GetMigrations().First();
        var history = db.GetService<IHistoryRepository>();
        await history.CreateIfNotExistsAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(baseline, ProductInfo.GetVersion())), cancellationToken);
    }

    // Our own table, not just "any table": a PostgreSQL database shared with other software has tables of its own,
    // and marking our first migration applied there would skip creating ours.
    private static async Task<bool> HasUsersTableAsync(PickupDbContext db, CancellationToken cancellationToken)
    {
        var sql = db.Database.IsSqlite()
            ? "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = 'pickup_users'"
            : "SELECT COUNT(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'pickup_users'";
        return await db.Database.SqlQueryRaw<int>(sql).SingleAsync(cancellationToken) > 0;
    }
}
