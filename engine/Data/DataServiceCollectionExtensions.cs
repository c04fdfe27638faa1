using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pickup.Abstractions.Users;
using Pickup.Core.Configuration;
using Pickup.Data.Passwords;
using Pickup.Data.Users;

namespace Pickup.Data;

/// <summary>Registers the engine's database and user store.</summary>
public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PickupDbContext"/> on SQLite or PostgreSQL as <c>[database]</c> says, plus
    /// <see cref="IUserDirectory"/>, <see cref="UserAdministration"/>, <see cref="RoleAdministration"/>,
    /// <see cref="BackupCodes"/>, <see cref="AccountLockout"/> (scoped), <see cref="Argon2idPasswordHasher"/>
    /// (singleton) and <see cref="TimeProvider.System"/> when no clock is registered.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="database">The <c>[database]</c> table.</param>
    /// <param name="passwordHash">The <c>[security.password_hash]</c> table.</param>
    /// <param name="homeDirectory">The home; a relative SQLite <c>Data Source</c> is resolved against it.</param>
    /// <param name="loginLimits">The <c>[security.login_limits]</c> table (defaults when null).</param>
    /// <exception cref="ArgumentException">An unknown database type, a bad connection string or an unusable hash cost.</exception>
    public static IServiceCollection AddPickupData(
        this IServiceCollection services,
        DatabaseOptions database,
        PasswordHashOptions passwordHash,
        string homeDirectory,
        LoginLimitsOptions? loginLimits = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(passwordHash);
        ArgumentException.ThrowIfNullOrEmpty(homeDirectory);

        // Resolved now, not on first request, so a bad [database] or [security.password_hash] stops start-up.
        var configure = DatabaseConnection.CreateConfigurator(database, homeDirectory);
        var hasher = new Argon2idPasswordHasher(passwordHash);

        services.AddDbContext<PickupDbContext>(options =>
        {
            configure(options);
            options.UseOpenIddict();
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(hasher);
        services.TryAddSingleton(loginLimits ?? new LoginLimitsOptions());
        services.TryAddScoped<IUserDirectory, UserDirectory>();
        services.TryAddScoped<UserAdministration>();
        services.TryAddScoped<RoleAdministration>();
        services.TryAddScoped<BackupCodes>();
        services.TryAddScoped<AccountLockout>();
        return services;
    }

    /// <summary>Creates the schema when the database is empty; does nothing when it exists. Safe on every start.</summary>
    /// <remarks>
    /// <c>EnsureCreated</c> rather than migrations: the schema is new, and migrations would need a separate,
    /// generated set per provider (SQLite and PostgreSQL differ) for no gain yet. It creates every table (ours and
    /// OpenIddict's) in an empty database and leaves an existing one alone. The first schema change after release
    /// must switch to per-provider migrations with a baseline matching this schema.
    /// </remarks>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PickupDbContext>();
        await db.Database.EnsureCreatedAsync(ct);
    }
}
