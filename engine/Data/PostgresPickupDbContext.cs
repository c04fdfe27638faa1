using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Pickup.Data;

/// <summary>The engine's database on PostgreSQL; its migrations are in <c>Migrations/Postgres</c>.</summary>
/// <remarks>Lifetime: per request (scoped), registered as <see cref="PickupDbContext"/>.</remarks>
public sealed class PostgresPickupDbContext(DbContextOptions<PostgresPickupDbContext> options) : PickupDbContext(options);

/// <summary>
/// Lets <c>dotnet ef migrations add --context PostgresPickupDbContext</c> build the context without starting the
/// engine. No server is contacted: adding a migration compares the model with the snapshot only.
/// </summary>
internal sealed class PostgresPickupDbContextFactory : IDesignTimeDbContextFactory<PostgresPickupDbContext>
{
    public PostgresPickupDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresPickupDbContext>()
            .UseNpgsql("Host=localhost;Database=pickup_design_time")
            .UseOpenIddict()
            .Options);
}
