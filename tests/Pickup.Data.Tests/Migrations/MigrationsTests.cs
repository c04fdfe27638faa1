using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;
using Pickup.Core.Auditing;
using Pickup.Core.Configuration;
using Pickup.Data.Auditing;
using Pickup.Data.Users;

namespace Pickup.Data.Tests.Migrations;

public sealed class MigrationsTests
{
    [Fact]
    public void Migrations_EachProvider_MatchTheModel()
    {
        using var sqlite = Create<SqlitePickupDbContext>();
        using var postgres = Create<PostgresPickupDbContext>();

        // A model change needs a migration for both providers (engine/Data/Migrations/README.md).
        Assert.False(sqlite.Database.HasPendingModelChanges(), "the SQLite migrations lag behind the model");
        Assert.False(postgres.Database.HasPendingModelChanges(), "the PostgreSQL migrations lag behind the model");
        Assert.Equal(Names(sqlite), Names(postgres));
        Assert.Equal("InitialSchema", Names(sqlite)[0]);
    }

    [Fact]
    public async Task InitializeDatabase_NewDatabase_AppliesEveryMigration()
    {
        await using var db = await TestDatabase.CreateAsync();
        var context = db.Get<PickupDbContext>();

        Assert.Equal(context.Database.GetMigrations(), await context.Database.GetAppliedMigrationsAsync());
        Assert.IsType<SqlitePickupDbContext>(context);
    }

    [Fact]
    public async Task InitializeDatabase_SchemaFromBeforeMigrations_IsAdoptedWithItsData()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], [], CancellationToken.None);

        // What EnsureCreated left before migrations: the first migration's tables and no history. The user's audit
        // event is stored first, so that it goes with the dropped table rather than into the recreated one.
        await ((DatabaseAuditLog)db.Get<IAuditLog>()).FlushAsync(CancellationToken.None);
        var context = db.Get<PickupDbContext>();
        await context.Database.ExecuteSqlRawAsync("DROP TABLE pickup_audit_events");
        await context.Database.ExecuteSqlRawAsync("DROP INDEX IX_pickup_user_claims_ClaimUri_UniqueValue");
        await context.Database.ExecuteSqlRawAsync("ALTER TABLE pickup_user_claims DROP COLUMN UniqueValue");
        await context.Database.ExecuteSqlRawAsync("DROP TABLE __EFMigrationsHistory");

        await db.Services.InitializeDatabaseAsync(CancellationToken.None);

        Assert.NotNull(await db.Get<UserAdministration>().FindAsync("alex", CancellationToken.None));
        var after = db.Get<PickupDbContext>();
        Assert.Equal(after.Database.GetMigrations(), await after.Database.GetAppliedMigrationsAsync());
        await db.Get<IAuditLog>().WriteAsync(new AuditEvent(AuditEventTypes.ConfigLoaded), CancellationToken.None);
        Assert.Single(await db.Get<IAuditLog>().TailAsync(5, CancellationToken.None));
    }

    [Fact]
    public async Task InitializeDatabase_DatabaseHoldingOnlyOtherTables_GetsTheWholeSchema()
    {
        var home = Path.Combine(Path.GetTempPath(), "pickup-data-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(home, "data"));
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(home, "data", "pickup.db")}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE someone_elses (x INTEGER)";
            await command.ExecuteNonQueryAsync();
        }

        var services = new ServiceCollection()
            .AddPickupData(new DatabaseOptions { Type = "sqlite", Connection = "Data Source=data/pickup.db" }, TestDatabase.FastHash, home);
        await using (var provider = services.BuildServiceProvider())
        {
            await provider.InitializeDatabaseAsync(CancellationToken.None);
            await using var scope = provider.CreateAsyncScope();
            var added = await scope.ServiceProvider.GetRequiredService<UserAdministration>().AddUserAsync("alex", "pw", [], [], CancellationToken.None);
            Assert.Equal("alex", added.Username);
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(home, recursive: true);
    }

    private static T Create<T>()
        where T : PickupDbContext
    {
        var factory = typeof(T).Assembly.GetTypes().Single(t => typeof(IDesignTimeDbContextFactory<T>).IsAssignableFrom(t));
        return ((IDesignTimeDbContextFactory<T>)Activator.CreateInstance(factory)!).CreateDbContext([]);
    }

    // Without the timestamp: both providers have the same migrations in the same order.
    private static List<string> Names(DbContext context) => [.. context.Database.GetMigrations().Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..])];
}
