using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pickup.Core.Configuration;

namespace Pickup.Data;

/// <summary>Turns <c>[database]</c> into a provider configuration.</summary>
internal static class DatabaseConnection
{
    /// <summary>
    /// Registers <see cref="PickupDbContext"/> as the provider's own subclass, so the provider's migrations are the
    /// ones that run, from a pool of contexts (each request borrows one and returns it reset, instead of building a
    /// context and its services every time). Checks the connection string now, without connecting.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown type or a malformed connection string.</exception>
    public static void AddContext(IServiceCollection services, DatabaseOptions database, string homeDirectory)
    {
        switch (database.Type.Trim().ToUpperInvariant())
        {
            case "SQLITE":
                var sqlite = ResolveSqlite(database.Connection, homeDirectory);
                services.AddDbContextPool<PickupDbContext, SqlitePickupDbContext>(
                    options => options.UseSqlite(sqlite).UseOpenIddict().AddInterceptors(SqliteConnectionSettings.Instance));
                break;
            case "POSTGRES":
            case "POSTGRESQL":
                var postgres = CheckPostgres(database.Connection);
                services.AddDbContextPool<PickupDbContext, PostgresPickupDbContext>(options => options.UseNpgsql(postgres).UseOpenIddict());
                break;
            default:
                throw new ArgumentException(
                    $"[database] type = \"{database.Type}\" is not supported; use \"sqlite\" or \"postgres\".",
                    nameof(database));
        }
    }

    /// <summary>Makes a relative <c>Data Source</c> absolute under the home and creates its folder.</summary>
    internal static string ResolveSqlite(string connection, string homeDirectory)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connection);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"[database] connection is not a valid SQLite connection string: {exception.Message}", nameof(connection), exception);
        }

        var source = builder.DataSource;
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new ArgumentException("[database] connection has no Data Source (for example \"Data Source=data/pickup.db\").", nameof(connection));
        }

        // In-memory databases and file: URIs name no plain path to resolve.
        var inMemory = builder.Mode == SqliteOpenMode.Memory
            || string.Equals(source, ":memory:", StringComparison.Ordinal)
            || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        if (inMemory)
        {
            return builder.ToString();
        }

        var path = Path.GetFullPath(source, Path.GetFullPath(homeDirectory));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        builder.DataSource = path;
        return builder.ToString();
    }

    private static string CheckPostgres(string connection)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connection).ConnectionString;
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"[database] connection is not a valid PostgreSQL connection string: {exception.Message}", nameof(connection), exception);
        }
    }
}
