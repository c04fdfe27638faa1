using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pickup.Core.Configuration;
using Pickup.Data;

namespace Pickup.Data.Tests;

/// <summary>A real SQLite file in a fresh temporary home, with the services AddPickupData registers.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>Small Argon2id cost so the suite stays fast; the format and logic are the same.</summary>
    public static PasswordHashOptions FastHash => new() { MemoryKib = 8192, Iterations = 1, Parallelism = 1 };

    private readonly ServiceProvider _provider;
    private readonly List<AsyncServiceScope> _scopes = [];

    private TestDatabase(string home, ServiceProvider provider)
    {
        Home = home;
        _provider = provider;
    }

    public string Home { get; }

    public string DatabasePath => Path.Combine(Home, "data", "pickup.db");

    public IServiceProvider Services => _provider;

    public static async Task<TestDatabase> CreateAsync(PasswordHashOptions? hash = null, TimeProvider? time = null, ILoggerProvider? logs = null)
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

        services.AddPickupData(new DatabaseOptions { Type = "sqlite", Connection = "Data Source=data/pickup.db" }, hash ?? FastHash, home);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await provider.InitializeDatabaseAsync(CancellationToken.None);
        return new TestDatabase(home, provider);
    }

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
