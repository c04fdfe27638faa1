using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pickup.Core.Auditing;
using Pickup.Data.Auditing;

namespace Pickup.Data.Tests.Auditing;

/// <summary>The audit log's queue: rows stored off the caller's path, in order, in batches, and all of them at shutdown.</summary>
public sealed class AuditEventQueueTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WriteAsync_ManyConcurrentWriters_TailHasEveryEventInEachWritersOrder()
    {
        await using var db = await TestDatabase.CreateAsync();
        var audit = db.Get<IAuditLog>();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await audit.WriteAsync(new AuditEvent(AuditEventTypes.LoginFailed) { ClientId = $"writer-{writer}", Detail = Number(i) }, CancellationToken.None);
            }
        })));

        var events = await audit.TailAsync(DatabaseAuditLog.MaxTail, CancellationToken.None);
        Assert.Equal(1000, events.Count);
        var writers = events.GroupBy(e => e.ClientId).ToList();
        Assert.Equal(50, writers.Count);
        Assert.All(writers, w => Assert.Equal(Enumerable.Range(0, 20).Select(Number), w.Select(e => e.Detail)));
    }

    [Fact]
    public async Task WriteAsync_EventsArrivingWhileABatchIsStored_GoTogetherIntoTheNextBatch()
    {
        await using var db = await TestDatabase.CreateAsync();
        var hold = new FirstBatchHold();
        // Each write returns while the writer is stuck in its first transaction: the caller never waits for the database.
        await using var services = await QueuedBehindAHeldBatchAsync(db, hold, 99);
        var audit = (DatabaseAuditLog)services.GetRequiredService<IAuditLog>();

        hold.Release();
        await audit.FlushAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal([1, 99], hold.Batches);
        var stored = await audit.TailAsync(200, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 100).Select(Number), stored.Select(e => e.Detail));
    }

    [Fact]
    public async Task WriteAsync_QueueFull_WaitsForRoomAndDropsNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var hold = new FirstBatchHold();
        await using var services = await QueuedBehindAHeldBatchAsync(db, hold, AuditEventQueue.Capacity);
        var audit = (DatabaseAuditLog)services.GetRequiredService<IAuditLog>();

        var overflow = audit.WriteAsync(Numbered(AuditEventQueue.Capacity + 1), CancellationToken.None);

        Assert.False(overflow.IsCompleted);
        hold.Release();
        await overflow.WaitAsync(Bound);
        var stored = await audit.TailAsync(DatabaseAuditLog.MaxTail, CancellationToken.None);
        Assert.Equal(Enumerable.Range(2, DatabaseAuditLog.MaxTail).Select(Number), stored.Select(e => e.Detail));
    }

    [Fact]
    public async Task DisposeAsync_EventsStillQueued_StoresThemAllBeforeItCompletes()
    {
        await using var db = await TestDatabase.CreateAsync();
        var hold = new FirstBatchHold();
        var services = await QueuedBehindAHeldBatchAsync(db, hold, 50);

        // The container's disposal, as at shutdown of the server or the end of a CLI command.
        var disposing = services.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted);
        hold.Release();
        await disposing.WaitAsync(Bound);

        await AssertAllFiftyOneStoredAsync(db);
    }

    [Fact]
    public async Task Dispose_Synchronous_StoresTheQueuedEventsToo()
    {
        await using var db = await TestDatabase.CreateAsync();
        var hold = new FirstBatchHold();
        var services = await QueuedBehindAHeldBatchAsync(db, hold, 50);

        var disposing = Task.Run(services.Dispose);

        // A disposal that drains cannot finish while the writer is held, however long this waits; one that does not
        // drain has returned well within it.
        Assert.NotSame(disposing, await Task.WhenAny(disposing, Task.Delay(TimeSpan.FromMilliseconds(500))));
        hold.Release();
        await disposing.WaitAsync(Bound);

        await AssertAllFiftyOneStoredAsync(db);
    }

    [Fact]
    public async Task WriteAsync_AfterDispose_StoresTheEventOnTheCallersPath()
    {
        await using var db = await TestDatabase.CreateAsync();
        var audit = ActivatorUtilities.CreateInstance<DatabaseAuditLog>(db.Services);
        await audit.DisposeAsync();

        await audit.WriteAsync(new AuditEvent(AuditEventTypes.RoleCreated) { Detail = "late" }, CancellationToken.None);

        var stored = await db.Get<IAuditLog>().TailAsync(5, CancellationToken.None);
        Assert.Equal("late", Assert.Single(stored).Detail);
    }

    [Fact]
    public async Task WriteAsync_TableUnavailableThenBack_LogsEachLostEventAndStoresLaterOnes()
    {
        var logs = new LogLines();
        await using var db = await TestDatabase.CreateAsync(logs: logs);
        var audit = (DatabaseAuditLog)db.Get<IAuditLog>();
        var sql = db.Get<PickupDbContext>().Database;
        string[] lost = [AuditEventTypes.LoginFailed, AuditEventTypes.LoginSucceeded, AuditEventTypes.AccountLocked];
        await sql.ExecuteSqlRawAsync("ALTER TABLE pickup_audit_events RENAME TO pickup_audit_events_away");

        foreach (var type in lost)
        {
            await audit.WriteAsync(new AuditEvent(type), CancellationToken.None);
        }

        await audit.FlushAsync(CancellationToken.None).WaitAsync(Bound);
        var errors = logs.Lines.Where(l => l.Category == DatabaseAuditLog.LogCategory && l.Level == LogLevel.Error).ToList();
        Assert.Equal(lost, errors.Select(l => l.Values["Type"]));
        Assert.All(errors, l => Assert.NotNull(l.Exception));

        await sql.ExecuteSqlRawAsync("ALTER TABLE pickup_audit_events_away RENAME TO pickup_audit_events");
        await audit.WriteAsync(new AuditEvent(AuditEventTypes.LoginSucceeded), CancellationToken.None);

        var stored = await audit.TailAsync(10, CancellationToken.None).WaitAsync(Bound);
        Assert.Equal([AuditEventTypes.LoginSucceeded], stored.Select(e => e.Type));
    }

    [Fact]
    public async Task FlushAsync_NothingQueued_CompletesAtOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var audit = (DatabaseAuditLog)db.Get<IAuditLog>();

        Assert.True(audit.FlushAsync(CancellationToken.None).IsCompletedSuccessfully);
        await audit.WriteAsync(new AuditEvent(AuditEventTypes.LoginFailed), CancellationToken.None);
        await audit.FlushAsync(CancellationToken.None).WaitAsync(Bound);
        Assert.True(audit.FlushAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    private static AuditEvent Numbered(int i) => new(AuditEventTypes.LoginFailed) { Detail = Number(i) };

    private static string Number(int i) => i.ToString("D5", CultureInfo.InvariantCulture);

    // Event 0 is held inside the writer's first batch; events 1 to queued wait in the queue behind it.
    private static async Task<ServiceProvider> QueuedBehindAHeldBatchAsync(TestDatabase db, FirstBatchHold hold, int queued)
    {
        var services = hold.OpenServices(db.Home);
        var audit = services.GetRequiredService<IAuditLog>();
        await audit.WriteAsync(Numbered(0), CancellationToken.None);
        await hold.FirstBatchStartedAsync();
        for (var i = 1; i <= queued; i++)
        {
            await audit.WriteAsync(Numbered(i), CancellationToken.None);
        }

        return services;
    }

    // Read through a fresh audit log of the test database: what the disposed container's writer stored.
    private static async Task AssertAllFiftyOneStoredAsync(TestDatabase db)
    {
        var stored = await db.Get<IAuditLog>().TailAsync(100, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 51).Select(Number), stored.Select(e => e.Detail));
    }
}
