using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Pickup.Samples.PickupDispatch.Configuration;
using Pickup.Samples.PickupDispatch.SignOuts;

namespace Pickup.Samples.PickupDispatch.Bookings;

/// <summary>
/// Creates the SQLite file and its schema before the server takes requests. It is a lifecycle
/// service so that the work happens in <see cref="StartingAsync"/>, which the host runs before
/// any hosted service (Kestrel included) starts.
/// </summary>
internal sealed class BookingsDatabaseInitializer(
    IServiceScopeFactory scopeFactory,
    IOptions<BookingsSettings> settings,
    IHostEnvironment environment,
    ILogger<BookingsDatabaseInitializer> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var path = BookingsDatabasePath.Resolve(settings.Value, environment);
        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BookingsDbContext>();
        await db.Database.EnsureCreatedAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<SignOutsDbContext>().EnsureTablesAsync(cancellationToken);
        logger.LogInformation("Bookings database ready at {Path}", path);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
