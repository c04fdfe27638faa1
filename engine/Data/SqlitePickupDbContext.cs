using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Pickup.Data;

/// <summary>The engine's database on SQLite; its migrations are in <c>Migrations/Sqlite</c>.</summary>
/// <remarks>Lifetime: per request (scoped), registered as <see cref="PickupDbContext"/>.</remarks>
public sealed class SqlitePickupDbContext(DbContextOptions<SqlitePickupDbContext> options) : PickupDbContext(options);

/// <summary>
/// Lets <c>dotnet ef migrations add --context SqlitePickupDbContext</c> build the context without starting the engine.
/// The file name is never opened: adding a migration compares the model with the snapshot only.
/// </summary>
internal sealed class SqlitePickupDbContextFactory : IDesignTimeDbContextFactory<SqlitePickupDbContext>
{
    public SqlitePickupDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlitePickupDbContext>()
            .UseSqlite("Data Source=pickup-design-time.db")
            .UseOpenIddict()
            .Options);
}
