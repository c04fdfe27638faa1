using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Pickup.Bench;

/// <summary>
/// The engine's managed heap, read from outside its process the way <c>dotnet-gcdump</c> starts: an EventPipe session
/// with the runtime's GCHeapCollect keyword makes the runtime run an induced, blocking, full collection, and the
/// GC/HeapStats event after it gives each generation's size. Nothing in the engine is changed for this.
/// </summary>
internal static class EngineHeap
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MechanismsGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Induces two full collections one after the other and returns the sizes after the second: objects whose
    /// finalizers ran after the first (sockets, timers) are gone by then, so the number is the state that stays.
    /// </summary>
    public static async Task<HeapSize> MeasureAsync(int processId)
    {
        await InduceFullCollectionAsync(processId);
        return await InduceFullCollectionAsync(processId);
    }

    private static async Task<HeapSize> InduceFullCollectionAsync(int processId)
    {
        var client = new DiagnosticsClient(processId);
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
        var provider = new EventPipeProvider(RuntimeProvider, EventLevel.Informational, keywords);
        using var timeout = new CancellationTokenSource(EventTimeout);
        using var session = await client.StartEventPipeSessionAsync([provider], requestRundown: false, circularBufferMB: 64, timeout.Token);
        using var source = new EventPipeEventSource(session.EventStream);
        var stats = new TaskCompletionSource<HeapSize>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mechanisms = new TaskCompletionSource<GCGlobalMechanisms>(TaskCreationOptions.RunContinuationsAsynchronously);

        // Other collections may run while the session is open; only the events that follow the induced full one count.
        // The runtime decides whether that collection compacts; GC/GlobalHeapHistory tells which it did.
        var afterInduced = false;
        source.Clr.GCStart += e => afterInduced |= e.Depth == 2 && e.Reason is GCReason.Induced or GCReason.InducedCompacting;
        source.Clr.GCHeapStats += e =>
        {
            if (afterInduced)
            {
                // Read here: TraceEvent reuses the event object for the next event.
                stats.TrySetResult(HeapSize.From(e));
            }
        };
        source.Clr.GCGlobalHeapHistory += e =>
        {
            if (afterInduced)
            {
                mechanisms.TrySetResult(e.GlobalMechanisms);
            }
        };
        var reading = Task.Factory.StartNew(source.Process, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            var heap = await stats.Task.WaitAsync(EventTimeout);
            return await Task.WhenAny(mechanisms.Task, Task.Delay(MechanismsGrace)) == mechanisms.Task
                ? heap with { Compacted = (await mechanisms.Task).HasFlag(GCGlobalMechanisms.Compaction) }
                : heap;
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no GC/HeapStats after an induced full collection within {EventTimeout.TotalSeconds:F0} s");
        }
        finally
        {
            // Stopping the session ends its stream, which ends Process(); the read is awaited so nothing outlives us.
            await session.StopAsync(CancellationToken.None);
            await reading;
        }
    }
}

/// <summary>The managed heap after a full collection, from one GC/HeapStats event.</summary>
/// <param name="GenerationBytes">Sum of the generations' sizes: gen 0, 1, 2, the large and the pinned object heap.</param>
/// <param name="LiveBytes">Sum of the bytes that survived that collection in each generation (no free space).</param>
/// <param name="Compacted">Whether that collection compacted (GC/GlobalHeapHistory); null when the event did not come.</param>
internal sealed record HeapSize(long GenerationBytes, long LiveBytes, bool? Compacted)
{
    public static HeapSize From(GCHeapStatsTraceData e) => new(
        e.GenerationSize0 + e.GenerationSize1 + e.GenerationSize2 + e.GenerationSize3 + e.GenerationSize4,
        e.TotalPromotedSize0 + e.TotalPromotedSize1 + e.TotalPromotedSize2 + e.TotalPromotedSize3 + e.TotalPromotedSize4,
        Compacted: null);
}
