using System.Diagnostics;
using Microsoft.Diagnostics.NETCore.Client;
using Pickup.FakeVonage;

namespace Pickup.Bench;

/// <summary>
/// The pending-login mode (issue 5: at most 4 KiB of server state per login waiting for its code, with 10,000 of
/// them): the engine's managed heap after an induced full collection, before and after N logins are left on the SMS
/// code page.
/// </summary>
internal static class PendingRun
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(15);

    public static async Task<PendingResult> RunAsync(BenchOptions options, EngineChild engine, FakeVonageServer vonage, IReadOnlyList<VirtualDriver> drivers)
    {
        Console.WriteLine($"warm-up: {options.Warmup} complete login(s) per user");
        await Task.WhenAll(drivers.Select(d => d.RunAsync(new LoginBudget(options.Warmup), measured: false, CancellationToken.None)));

        Console.WriteLine("heap before: two induced full collections in the engine");
        var (before, failureBefore) = await TryMeasureAsync(engine);
        var residentBefore = engine.ResidentBytes();
        var smsBefore = vonage.Messages.Count;

        Console.WriteLine($"creating {options.Pending} pending logins, {drivers.Count} at a time (at most {options.PendingMinutes} min)");
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(options.PendingMinutes));
        var budget = new LoginBudget(options.Pending);
        var clock = Stopwatch.StartNew();
        var creating = Task.WhenAll(drivers.Select(d => Task.Run(() => d.PendAsync(budget, stop.Token))));
        while (await Task.WhenAny(creating, Task.Delay(ProgressInterval)) != creating)
        {
            // Read while the drivers count: a progress line only, the totals are taken once they have finished.
            Console.WriteLine($"  {clock.Elapsed.TotalSeconds:F0} s: {drivers.Sum(d => d.Pending)} pending");
        }

        await creating;
        var elapsed = clock.Elapsed;
        var timeLimitReached = stop.IsCancellationRequested;
        var smsSent = vonage.Messages.Count - smsBefore;

        Console.WriteLine("heap after: two induced full collections in the engine");
        var (after, failureAfter) = await TryMeasureAsync(engine);
        var residentAfter = engine.ResidentBytes();

        return new PendingResult(
            options,
            engine.StartupTime,
            drivers.Sum(d => d.Pending),
            elapsed,
            timeLimitReached,
            drivers.SelectMany(d => d.Errors).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value)),
            smsSent,
            before,
            after,
            failureBefore ?? failureAfter,
            residentBefore,
            residentAfter);
    }

    /// <summary>The heap, or why it could not be read (the report then falls back to the resident set, labelled so).</summary>
    private static async Task<(HeapSize? Heap, string? Failure)> TryMeasureAsync(EngineChild engine)
    {
        try
        {
            return (await EngineHeap.MeasureAsync(engine.ProcessId), null);
        }
        catch (Exception e) when (e is DiagnosticsClientException or TimeoutException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"could not read the engine's heap: {e.GetType().Name}: {e.Message}");
            return (null, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
