using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pickup.Abstractions.Users;
using Pickup.Core.Configuration;
using Pickup.Data.Passwords;
using Pickup.Data.Users;

namespace Pickup.Data.Tests;

public sealed class DataServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddPickupData_RelativeSqlitePath_CreatesDatabaseUnderTheHome()
    {
        await using var db = await TestDatabase.CreateAsync();

        Assert.True(File.Exists(db.DatabasePath));
    }

    [Fact]
    public async Task InitializeDatabase_CalledAgainOnExistingData_KeepsTheData()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], [], CancellationToken.None);

        await db.Services.InitializeDatabaseAsync(CancellationToken.None);

        Assert.NotNull(await db.Get<UserAdministration>().FindAsync("alex", CancellationToken.None));
    }

    [Fact]
    public async Task InitializeDatabase_Schema_HoldsOpenIddictTables()
    {
        await using var db = await TestDatabase.CreateAsync();
        var context = db.Get<PickupDbContext>();

        var tables = await context.Database
            .SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'")
            .ToListAsync();

        Assert.Contains("OpenIddictApplications", tables);
        Assert.Contains("OpenIddictAuthorizations", tables);
        Assert.Contains("OpenIddictScopes", tables);
        Assert.Contains("OpenIddictTokens", tables);
        Assert.Contains("pickup_users", tables);
    }

    [Fact]
    public async Task Sqlite_EveryConnection_IsInWalWithNormalSyncAndABusyTimeout()
    {
        await using var db = await TestDatabase.CreateAsync();

        // Several scopes: pooled contexts and pooled connections keep the settings, new ones get them.
        for (var i = 0; i < 3; i++)
        {
            await using var scope = db.Services.CreateAsyncScope();
            var database = scope.ServiceProvider.GetRequiredService<PickupDbContext>().Database;
            Assert.Equal("wal", await ScalarAsync<string>(database, "SELECT journal_mode AS \"Value\" FROM pragma_journal_mode()"));
            Assert.Equal(1L, await ScalarAsync<long>(database, "SELECT synchronous AS \"Value\" FROM pragma_synchronous()"));
            Assert.Equal(5000L, await ScalarAsync<long>(database, "SELECT timeout AS \"Value\" FROM pragma_busy_timeout()"));
        }
    }

    private static async Task<T> ScalarAsync<T>(Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, string sql) =>
        (await database.SqlQueryRaw<T>(sql).ToListAsync()).Single();

    [Fact]
    public async Task AddPickupData_Registrations_AreScopedDirectoryAndSingletonHasher()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var one = db.Services.CreateAsyncScope();
        await using var two = db.Services.CreateAsyncScope();

        Assert.IsType<UserDirectory>(one.ServiceProvider.GetRequiredService<IUserDirectory>());
        Assert.NotSame(one.ServiceProvider.GetRequiredService<IUserDirectory>(), two.ServiceProvider.GetRequiredService<IUserDirectory>());
        Assert.Same(
            one.ServiceProvider.GetRequiredService<Argon2idPasswordHasher>(),
            two.ServiceProvider.GetRequiredService<Argon2idPasswordHasher>());
        Assert.Same(TimeProvider.System, one.ServiceProvider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddPickupData_UnknownDatabaseType_ThrowsNamingTheSetting()
    {
        var exception = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddPickupData(
            new DatabaseOptions { Type = "mysql" },
            TestDatabase.FastHash,
            Path.GetTempPath()));

        Assert.Contains("[database] type", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPickupData_Postgres_RegistersNpgsqlWithoutConnecting()
    {
        var services = new ServiceCollection().AddPickupData(
            new DatabaseOptions { Type = "postgres", Connection = "Host=127.0.0.1;Database=pickup;Username=pickup" },
            TestDatabase.FastHash,
            Path.GetTempPath());
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();

        var context = scope.ServiceProvider.GetRequiredService<PickupDbContext>();

        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", context.Database.ProviderName);
    }

    [Fact]
    public void ResolveSqlite_AbsolutePath_IsKept()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "pickup-data-tests", Guid.NewGuid().ToString("N"), "x.db");

        var connection = DatabaseConnection.ResolveSqlite($"Data Source={absolute}", "/somewhere/else");

        Assert.Contains(absolute, connection, StringComparison.Ordinal);
        Directory.Delete(Path.GetDirectoryName(absolute)!);
    }
}
