using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Pickup.Core.Configuration;
using Pickup.Data.Entities;

namespace Pickup.Data.Tests.Auditing;

/// <summary>
/// Holds the audit writer inside its first batch until released, and records how many audit rows each batch saved:
/// events written meanwhile are known to be queued, without any sleep.
/// </summary>
public sealed class FirstBatchHold : SaveChangesInterceptor
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly List<int> _batches = [];

    /// <summary>The audit rows of each batch saved so far, in order.</summary>
    public IReadOnlyList<int> Batches
    {
        get
        {
            lock (_gate)
            {
                return [.. _batches];
            }
        }
    }

    /// <summary>Services on the database file of <paramref name="home"/> (made by <see cref="TestDatabase"/>), with this hold.</summary>
    public ServiceProvider OpenServices(string home)
    {
        var services = new ServiceCollection();
        services.AddPickupData(new DatabaseOptions { Type = "sqlite", Connection = "Data Source=data/pickup.db" }, TestDatabase.FastHash, home);
        services.ConfigureDbContext<SqlitePickupDbContext>(options => options.AddInterceptors(this));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    /// <summary>Completes when the first batch is being saved (and held).</summary>
    public Task FirstBatchStartedAsync() => _started.Task.WaitAsync(Bound);

    public void Release() => _released.TrySetResult();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData,
        InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        var rows = eventData.Context!.ChangeTracker.Entries<AuditEventEntity>().Count(e => e.State == EntityState.Added);
        if (rows == 0)
        {
            return result;
        }

        lock (_gate)
        {
            _batches.Add(rows);
        }

        if (_started.TrySetResult())
        {
            await _released.Task.WaitAsync(Bound, cancellationToken);
        }

        return result;
    }
}
