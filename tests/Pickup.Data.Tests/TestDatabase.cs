using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pickup.Core.Configuration;
using Pickup.Data;
using Pickup.Data.Users;
using Pickup.Plugins.SmsOtp.Phones;

namespace Pickup.Data.Tests;

/// <summary>
/// A real SQLite file in a fresh temporary home (or, asked for, a throw-away PostgreSQL database on the server
/// <see cref="PostgresVariable"/> names), with the services AddPickupData registers.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>Small Argon2id cost so the suite stays fast; the format and logic are the same.</summary>
    public static PasswordHashOptions FastHash => new() { MemoryKib = 8192, Iterations = 1, Parallelism = 1 };

    /// <summary>A connection string for a PostgreSQL role that may create databases (<c>./pickup test</c> sets it).</summary>
    public const string PostgresVariable = "PICKUP_TEST_POSTGRES";

    private readonly ServiceProvider _provider;
    private readonly List<AsyncServiceScope> _scopes = [];
    private readonly string? _postgresDatabase;

    private TestDatabase(string home, ServiceProvider provider, string? postgresDatabase)
    {
        Home = home;
        _provider = provider;
        _postgresDatabase = postgresDatabase;
    }

    public string Home { get; }

    public string DatabasePath => Path.Combine(Home, "data", "pickup.db");

    public IServiceProvider Services => _provider;

    public static async Task<TestDatabase> CreateAsync(
        PasswordHashOptions? hash = null,
        TimeProvider? time = null,
        ILoggerProvider? logs = null,
        bool postgres = false,
        Action<IServiceCollection>? configure = null)
    {
        var home = Path.Combine(Path.GetTempPath(), "pickup-data-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        if (logs is not null)
        {
            services.AddSingleton(logs);
        }

        var database = new DatabaseOptions { Type = "sqlite", Connection = "Data Source=data/pickup.db" };
        string? postgresDatabase = null;
        if (postgres)
        {
            postgresDatabase = "pickup_data_" + Guid.NewGuid().ToString("N")[..12];
            await using (var server = new NpgsqlConnection(PostgresServer()))
            {
                await server.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {postgresDatabase}", server);
                await create.ExecuteNonQueryAsync();
            }

            database = new DatabaseOptions
            {
                Type = "postgres",
                Connection = new NpgsqlConnectionStringBuilder(PostgresServer()) { Database = postgresDatabase }.ConnectionString,
            };
        }

        configure?.Invoke(services);
        services.TryAddSingleton(ClaimRules());
        services.AddPickupData(database, hash ?? FastHash, home);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await provider.InitializeDatabaseAsync(CancellationToken.None);
        return new TestDatabase(home, provider, postgresDatabase);
    }

    /// <summary>What the engine gets with the shipped plugins: the mobile number is unique and normalised (the SMS OTP plugin's rule).</summary>
    public static UniqueClaims ClaimRules(params string[] subjectClaims) => new(subjectClaims, [new MobileNumberClaimRule()]);

    private static string PostgresServer() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException($"{PostgresVariable} is not set: mark the test [PostgresFact].");

    /// <summary>Resolves a scoped service in a fresh scope (like one request or one CLI command).</summary>
    public T Get<T>()
        where T : notnull
    {
        var scope = _provider.CreateAsyncScope();
        _scopes.Add(scope);
        return scope.ServiceProvider.GetRequiredService<T>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var scope in _scopes)
        {
            await scope.DisposeAsync();
        }

        await _provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var server = new NpgsqlConnection(PostgresServer());
            await server.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the test for it would hide the real result.
        }
    }
}
