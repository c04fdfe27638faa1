using System.Globalization;
using System.Text;

namespace Pickup.Bench;

/// <summary>The results table, and the dated section of bench/RESULTS.md with the command and the machine.</summary>
internal static class BenchReport
{
    public static string Table(BenchResult r)
    {
        var s = new StringBuilder();
        s.AppendLine(Inv($"| measure | value |"));
        s.AppendLine("|---|---|");
        s.AppendLine(Inv($"| configuration | hash={r.Options.Hash} (Argon2id m={r.Options.MemoryKib} KiB t={r.Options.Iterations} p=1), drivers={r.Options.Drivers}, seconds={r.Options.Seconds}, warm-up={r.Options.Warmup}/driver + {r.Options.WarmupSeconds} s |"));
        s.AppendLine(Inv($"| completed logins | {r.Completed} in {r.Elapsed.TotalSeconds:F2} s |"));
        s.AppendLine(Inv($"| logins/s | {r.LoginsPerSecond:F1} |"));
        s.AppendLine(Inv($"| errors | {r.ErrorCount}{ErrorDetail(r.Errors)} |"));
        s.AppendLine(Inv($"| hash floor (hashes/s, {Environment.ProcessorCount} threads) | {r.HashFloorPerSecond:F1} |"));
        s.AppendLine(Inv($"| logins/s ÷ floor | {r.LoginsPerSecond / r.HashFloorPerSecond:P1} |"));
        s.AppendLine(Inv($"| engine CPU per login | {r.EngineCpuMsPerLogin:F2} ms ({r.EngineCpu.TotalSeconds:F2} s total) |"));
        s.AppendLine(Inv($"| driver CPU per login (incl. fake Vonage) | {r.DriverCpuMsPerLogin:F2} ms |"));
        s.AppendLine(Inv($"| engine peak memory (VmHWM) | {r.EnginePeakBytes / 1048576.0:F1} MiB |"));
        s.AppendLine(Inv($"| engine log lines per login | {(r.Completed == 0 ? double.NaN : (double)r.EngineLogLines / r.Completed):F1} |"));
        s.AppendLine(Inv($"| start-up to ready /health | {r.Startup.TotalMilliseconds:F0} ms |"));
        s.AppendLine();
        s.AppendLine("| step (ms) | p50 | p95 | p99 |");
        s.AppendLine("|---|---|---|---|");
        foreach (var step in Enum.GetValues<Step>())
        {
            s.AppendLine(Inv($"| {step} | {P(r, step, 50):F1} | {P(r, step, 95):F1} | {P(r, step, 99):F1} |"));
        }

        return s.ToString();
    }

    public static string Section(BenchResult r, string[] args, string table) =>
        Section(Inv($"hash={r.Options.Hash}, {r.Options.Drivers} drivers, {r.Options.Seconds} s"), args, table);

    public static string PendingTable(PendingResult r)
    {
        var s = new StringBuilder();
        s.AppendLine("| measure | value |");
        s.AppendLine("|---|---|");
        s.AppendLine(Inv($"| configuration | pending={r.Options.Pending}, {r.Options.PendingConcurrency} at a time, hash={r.Options.Hash} (Argon2id m={r.Options.MemoryKib} KiB t={r.Options.Iterations} p=1), warm-up={r.Options.Warmup} complete login(s)/user, time limit={r.Options.PendingMinutes} min |"));
        s.AppendLine(Inv($"| pending logins created | {r.Created} of {r.Options.Pending} in {r.Elapsed.TotalSeconds:F1} s{(r.TimeLimitReached ? " (time limit reached)" : string.Empty)} |"));
        s.AppendLine(Inv($"| errors | {r.ErrorCount}{ErrorDetail(r.Errors)} |"));
        s.AppendLine(Inv($"| SMS codes the engine sent (fake Vonage) | {r.SmsSent} |"));
        if (r.HeapBefore is null || r.HeapAfter is null)
        {
            s.AppendLine(Inv($"| engine GC heap | not measured: {r.HeapFailure} |"));
            s.AppendLine(Inv($"| **fallback: VmRSS growth per pending login** (not the GC heap; native memory and GC reserve included) | {r.ResidentBytesPerPending:N0} B (target ≤ {PendingResult.TargetBytes} B) |"));
        }
        else
        {
            s.AppendLine("| heap measured by | GC/HeapStats after an induced blocking full GC (EventPipe, runtime keyword GCHeapCollect), the second of two in a row |");
            s.AppendLine(Inv($"| engine GC heap before: live (generation sizes gen0+1+2+LOH+POH) | {Mib(r.HeapBefore.LiveBytes)} ({Mib(r.HeapBefore.GenerationBytes)}; {Compaction(r.HeapBefore)}) |"));
            s.AppendLine(Inv($"| engine GC heap after: live (generation sizes) | {Mib(r.HeapAfter.LiveBytes)} ({Mib(r.HeapAfter.GenerationBytes)}; {Compaction(r.HeapAfter)}) |"));
            s.AppendLine(Inv($"| **live heap per pending login** (after − before) ÷ created | **{r.LiveBytesPerPending:N0} B** (target ≤ {PendingResult.TargetBytes} B: {(r.LiveBytesPerPending <= PendingResult.TargetBytes ? "met" : "not met")}) |"));
            s.AppendLine(Inv($"| generation sizes per pending login (free space left by a non-compacting GC included) | {r.GenerationBytesPerPending:N0} B |"));
        }

        s.AppendLine(Inv($"| engine RSS (VmRSS) before → after, for context | {Mib(r.ResidentBefore)} → {Mib(r.ResidentAfter)} ({r.ResidentBytesPerPending:N0} B per pending login) |"));
        s.AppendLine(Inv($"| start-up to ready /health | {r.Startup.TotalMilliseconds:F0} ms |"));
        return s.ToString();
    }

    public static string Section(PendingResult r, string[] args, string table) =>
        Section(Inv($"pending logins: {r.Options.Pending}, hash={r.Options.Hash}"), args, table);

    private static string Section(string title, string[] args, string table)
    {
        var s = new StringBuilder();
        s.AppendLine();
        s.AppendLine(Inv($"## {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — {title}"));
        s.AppendLine();
        s.AppendLine("```");
        s.AppendLine("dotnet run -c Release --project bench/Pickup.Bench -- " + string.Join(' ', args));
        s.AppendLine("```");
        s.AppendLine();
        s.AppendLine(Inv($"Machine: {Environment.ProcessorCount} cores, {CpuModel()}, {MemoryTotal()} RAM, .NET {Environment.Version}."));
        s.AppendLine();
        s.Append(table);
        return s.ToString();
    }

    private static double P(BenchResult r, Step step, double percentile) => LatencyRecorder.Percentile(r.Latencies, step, percentile);

    private static string ErrorDetail(Dictionary<string, int> errors) =>
        errors.Count == 0 ? string.Empty : " (" + string.Join("; ", errors.Select(e => Inv($"{e.Key} ×{e.Value}"))) + ")";

    private static string Compaction(HeapSize heap) => heap.Compacted switch
    {
        true => "that GC compacted",
        false => "that GC swept without compacting",
        null => "compaction unknown",
    };

    private static string Mib(long bytes) => Inv($"{bytes / 1048576.0:F1} MiB");

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        ?? "unknown CPU";

    private static string MemoryTotal()
    {
        var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return line is null
            ? "unknown"
            : Inv($"{long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1048576.0:F1} GiB");
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
