using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pickup.Data.Entities;

namespace Pickup.Data.Auditing;

/// <summary>
/// Stores audit rows off the caller's path: callers put rows on a bounded queue and one writer stores whatever has
/// gathered with one <c>SaveChanges</c> (one transaction), then looks again. On SQLite every write transaction takes the
/// database's single write lock, so one insert per event made the logins' own writes wait; batches take it once.
/// </summary>
/// <remarks>
/// No timer and no delay: a lone row is stored at once, and under load rows gather while a batch is being written, so
/// batches grow by themselves. A full queue makes the caller wait rather than drop an event.
/// </remarks>
internal sealed class AuditEventQueue : IAsyncDisposable, IDisposable
{
    /// <summary>How many rows may wait; a writer beyond that waits for room.</summary>
    internal const int Capacity = 10_000;

    /// <summary>The most rows one transaction stores.</summary>
    internal const int MaxBatch = 500;

    /// <summary>How long disposal waits for the queue to drain before saying what is left.</summary>
    internal static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<Item> _queue = Channel.CreateBounded<Item>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger _logger;
    private readonly Task _writer;

    // Rows accepted and not yet stored or given up on: flushing an empty queue needs no round trip through the writer.
    private int _pending;
    private int _disposed;

    public AuditEventQueue(IServiceScopeFactory scopes, ILogger logger)
    {
        _scopes = scopes;
        _logger = logger;
        _writer = Task.Run(RunWriterAsync);
    }

    /// <summary>Queues one row; waits only while the queue is full. Once disposed, stores the row itself.</summary>
    public async Task AddAsync(AuditEventEntity row)
    {
        Interlocked.Increment(ref _pending);
        try
        {
            // Not the caller's token: an accepted event is never abandoned halfway.
            await _queue.Writer.WriteAsync(new Item(row, null), CancellationToken.None);
        }
        catch (ChannelClosedException)
        {
            Interlocked.Decrement(ref _pending);

            // After disposal nobody drains the queue: the event is stored on the caller's path, as it was before
            // the queue, or its failure is logged; never dropped without a word.
            await StoreAloneAsync(row);
        }
    }

    /// <summary>Completes when every row queued before the call is stored, or its failure logged.</summary>
    public Task FlushAsync(CancellationToken ct)
    {
        // Rows are counted before they are queued, so zero means every earlier AddAsync has been dealt with.
        return Volatile.Read(ref _pending) == 0 ? Task.CompletedTask : WaitForMarkerAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (!BeginDispose())
        {
            return;
        }

        try
        {
            await _writer.WaitAsync(DrainTimeout);
        }
        catch (TimeoutException)
        {
            ReportUndrained();
        }
    }

    public void Dispose()
    {
        if (!BeginDispose())
        {
            return;
        }

        // A container disposed synchronously (ServiceProvider.Dispose) offers no way to await; blocking here, for a
        // bounded time and on a writer that runs on the thread pool, is what keeps the queued events.
        if (!_writer.Wait(DrainTimeout))
        {
            ReportUndrained();
        }
    }

    private bool BeginDispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return false;
        }

        _queue.Writer.TryComplete();
        return true;
    }

    private void ReportUndrained() =>
        _logger.LogWarning(
            "Audit: {Count} events were still queued after {Seconds} s of shutdown; they may be only in this log",
            Volatile.Read(ref _pending),
            DrainTimeout.TotalSeconds);

    private async Task WaitForMarkerAsync(CancellationToken ct)
    {
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            // Behind every row already queued: the writer completes it once the rows before it are dealt with.
            await _queue.Writer.WriteAsync(new Item(null, stored), ct);
        }
        catch (ChannelClosedException)
        {
            // Disposing: the writer is draining what is left; later rows are stored by their own callers.
            await _writer.WaitAsync(ct);
            return;
        }

        await stored.Task.WaitAsync(ct);
    }

    private async Task RunWriterAsync()
    {
        // One context for the writer's whole life, taken now: once the container begins its disposal it refuses new
        // scopes, and the drain at shutdown must still be able to store what is queued.
        var writer = AuditBatchWriter.Open(_scopes, _logger);
        var rows = new List<AuditEventEntity>(MaxBatch);
        var markers = new List<TaskCompletionSource>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            rows.Clear();
            markers.Clear();
            while (rows.Count < MaxBatch && reader.TryRead(out var item))
            {
                if (item.Row is { } row)
                {
                    rows.Add(row);
                }
                else
                {
                    markers.Add(item.Stored!);
                }
            }

            try
            {
                if (rows.Count > 0)
                {
                    await writer.StoreAsync(rows);
                }
            }
            catch (Exception exception)
            {
                // Storage failures are logged per event by the batch writer; anything else lands here, because an
                // exception that escaped the loop would stop the audit trail for the rest of the process.
                foreach (var row in rows)
                {
                    _logger.LogError(exception, "Audit event {Type} could not be stored; it is only in this log", row.Type);
                }
            }
            finally
            {
                Interlocked.Add(ref _pending, -rows.Count);
                foreach (var marker in markers)
                {
                    marker.TrySetResult();
                }
            }
        }

        try
        {
            await writer.DisposeAsync();
        }
        catch (Exception exception)
        {
            // Everything is stored by now; a context that fails to close must not fault the task disposal waits on.
            _logger.LogDebug(exception, "Audit: the writer's database context did not close cleanly");
        }
    }

    private async Task StoreAloneAsync(AuditEventEntity row)
    {
        var writer = AuditBatchWriter.Open(_scopes, _logger);
        try
        {
            await writer.StoreAsync([row]);
        }
        finally
        {
            await writer.DisposeAsync();
        }
    }

    /// <summary>A queued row, or (row null) a flush marker to complete once the rows before it are dealt with.</summary>
    private readonly record struct Item(AuditEventEntity? Row, TaskCompletionSource? Stored);
}
