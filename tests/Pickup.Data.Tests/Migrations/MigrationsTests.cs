using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Pickup.Abstractions.Credentials;
using Pickup.Core.Auditing;
using Pickup.Core.Configuration;
using Pickup.Data.Auditing;
using Pickup.Data.Passwords;
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
        await context.GetService<IMigrator>().MigrateAsync("InitialSchema");
        await context.Database.ExecuteSqlRawAsync("DROP TABLE __EFMigrationsHistory");

        await db.Services.InitializeDatabaseAsync(CancellationToken.None);

        Assert.NotNull(await db.Get<UserAdministration>().FindAsync("alex", CancellationToken.None));
        var after = db.Get<PickupDbContext>();
        Assert.Equal(after.Database.GetMigrations(), await after.Database.GetAppliedMigrationsAsync());
        await db.Get<IAuditLog>().WriteAsync(new AuditEvent(AuditEventTypes.ConfigLoaded), CancellationToken.None);
        Assert.Single(await db.Get<IAuditLog>().TailAsync(5, CancellationToken.None));
    }

    [Fact]
    public Task GenericCredentials_Sqlite_CarriesUnusedBackupCodesOverSoTheyStillWork() => BackupCodesCarriedOverAsync(postgres: false);

    [PostgresFact]
    public Task GenericCredentials_Postgres_CarriesUnusedBackupCodesOverSoTheyStillWork() => BackupCodesCarriedOverAsync(postgres: true);

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

    // Codes made by the engine before the credential store: rows of the old table, in its format, migrated forward.
    private static async Task BackupCodesCarriedOverAsync(bool postgres)
    {
        await using var db = await TestDatabase.CreateAsync(postgres: postgres);
        var alex = (await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], [], CancellationToken.None)).Id;
        var context = db.Get<PickupDbContext>();
        var migrator = context.GetService<IMigrator>();
        await migrator.MigrateAsync("UniqueClaimValues");
        var hasher = db.Services.GetRequiredService<Argon2idPasswordHasher>();
        var salt = Argon2idPasswordHasher.NewSalt();
        var used = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var (code, usedAt) in new (string, DateTimeOffset?)[] { ("12345678", null), ("23456789", null), ("87654321", used) })
        {
            var hash = hasher.Hash(code, salt);
            await context.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO pickup_backup_codes (\"UserId\", \"CodeHash\", \"UsedAt\") VALUES ({alex}, {hash}, {usedAt})");
        }

        await migrator.MigrateAsync();

        var store = db.Get<ICredentialStore>();
        var kept = await store.ListAsync(alex, "backup-code", CancellationToken.None);
        Assert.Equal(2, kept.Count);
        Assert.All(kept, c => Assert.Equal(CredentialSecretKind.Hashed, c.SecretKind));
        var found = await store.FindBySecretAsync(alex, "backup-code", "23456789", CancellationToken.None);
        Assert.NotNull(found);
        Assert.True(await store.RemoveAsync(found.Id, CancellationToken.None));
        Assert.Null(await store.FindBySecretAsync(alex, "backup-code", "87654321", CancellationToken.None));
        Assert.NotNull(await store.FindBySecretAsync(alex, "backup-code", "12345678", CancellationToken.None));
        Assert.Equal(context.Database.GetMigrations(), await context.Database.GetAppliedMigrationsAsync());
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
