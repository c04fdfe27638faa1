using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pickup.Abstractions.Credentials;
using Pickup.Abstractions.Security;
using Pickup.Abstractions.Users;
using Pickup.Core.Auditing;
using Pickup.Core.Configuration;
using Pickup.Core.Plugins;
using Pickup.Core.Security;
using Pickup.Data.Auditing;
using Pickup.Data.Keys;
using Pickup.Data.Passwords;
using Pickup.Data.Sessions;
using Pickup.Data.Users;

namespace Pickup.Data;

/// <summary>Registers the engine's database and user store.</summary>
public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PickupDbContext"/> on SQLite or PostgreSQL as <c>[database]</c> says, plus
    /// <see cref="IUserDirectory"/>, <see cref="UserAdministration"/>, <see cref="RoleAdministration"/>,
    /// <see cref="ICredentialStore"/> (<see cref="CredentialStore"/>), <see cref="AccountLockout"/>, <see cref="SsoSessionStore"/> (scoped; register the <c>[session]</c> <see cref="SessionOptions"/> first, or the defaults apply),
    /// <see cref="Argon2idPasswordHasher"/>, the <see cref="IAuditLog"/> (<see cref="DatabaseAuditLog"/>) and the
    /// <see cref="ServerKeyStore"/> (singletons; keys in clear unless a <see cref="ServerKeyEncryption"/> is registered first),
    /// and, when none is registered, <see cref="TimeProvider.System"/>, an empty <see cref="PluginContributionRegistry"/>
    /// (no credential type may then be stored) and the <see cref="IServerSecrets"/> of <c>&lt;home&gt;/data/keys</c>. Register <see cref="UniqueClaims"/> first to name the service providers' subject claims;
    /// otherwise no claim is unique and none has a rule.
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
        var hasher = new Argon2idPasswordHasher(passwordHash);
        DatabaseConnection.AddContext(services, database, homeDirectory);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(hasher);
        services.TryAddSingleton(loginLimits ?? new LoginLimitsOptions());
        services.TryAddSingleton(new UniqueClaims([]));
        services.TryAddScoped<IUserDirectory, UserDirectory>();
        services.TryAddScoped<UserAdministration>();
        services.TryAddScoped<RoleAdministration>();
        services.TryAddSingleton(PluginContributionRegistry.Empty);
        services.TryAddSingleton<IServerSecrets>(_ => ServerSecrets.LoadOrCreate(Path.Combine(homeDirectory, "data", "keys")));
        services.TryAddScoped<CredentialStore>();
        services.TryAddScoped<ICredentialStore>(provider => provider.GetRequiredService<CredentialStore>());
        services.TryAddScoped<AccountLockout>();
        services.AddMetrics();
        services.TryAddSingleton<LockoutMetrics>();
        services.TryAddSingleton(new SessionOptions());
        services.TryAddScoped<SsoSessionStore>();
        services.TryAddSingleton(ServerKeyEncryption.None);
        services.TryAddSingleton<ServerKeyStore>();
        services.AddLogging();
        // Audit events written during a request take the browser's address when the caller did not give one.
        services.AddHttpContextAccessor();
        services.TryAddSingleton<IAuditLog, DatabaseAuditLog>();
        return services;
    }

    /// <summary>
    /// Makes the database enforce <see cref="UniqueClaims"/> (after <see cref="InitializeDatabaseAsync"/>): values of a
    /// claim that became unique are indexed, those of a claim that no longer is are released. Returns the values several
    /// users already share (left unindexed, never resolved by picking one): a server must not start while there are any.
    /// </summary>
    public static async Task<IReadOnlyList<SharedClaimValue>> EnforceUniqueClaimsAsync(this IServiceProvider services, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        return await UniqueClaimBackfill.ApplyAsync(
            scope.ServiceProvider.GetRequiredService<PickupDbContext>(),
            scope.ServiceProvider.GetRequiredService<UniqueClaims>(),
            ct);
    }

    /// <summary>
    /// Brings the database to the current schema by running the configured provider's migrations (creating the
    /// database when the provider can). Safe on every start, and on several nodes starting at once: EF Core holds a
    /// migration lock while it works.
    /// </summary>
    /// <remarks>
    /// A database made before migrations existed (by <c>EnsureCreated</c>) has the first migration's schema but no
    /// history: <see cref="MigrationBaseline"/> records that migration as applied first, so the later ones run on it.
    /// </remarks>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PickupDbContext>();
        await MigrationBaseline.AdoptUnversionedSchemaAsync(db, ct);

        // Nothing to apply (every start but the first after an upgrade): skip Migrate, which would still diff the
        // whole model against the last migration's snapshot (a fifth of the engine's start-up).
        if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            await db.Database.MigrateAsync(ct);
        }
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging: readers no longer wait for the writer, and a login's several small writes stop
            // queueing behind each other.
            // The mode is kept in the database file, so setting it once per start is enough.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}
