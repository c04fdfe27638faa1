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
        s.AppendLine(Inv($"| configuration | {Configuration(r.Options)} |"));
        s.AppendLine(Inv($"| engine | {r.Installation.Revision} |"));
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

    /// <summary>A run's headline numbers on one line, printed as a comparison goes.</summary>
    public static string OneLine(BenchResult r) =>
        Inv($"[{r.Installation.Label} {r.Installation.Revision}] {r.LoginsPerSecond:F1} logins/s, engine CPU {r.EngineCpuMsPerLogin:F2} ms/login, start-up {r.Startup.TotalMilliseconds:F0} ms, p99 login {P(r, Step.Login, 99):F1} ms, {r.ErrorCount} errors");

    /// <summary>
    /// Both builds side by side: each number is the mean of the build's runs (the runs themselves in brackets), and
    /// the ratio this build ÷ baseline, which is what the targets are stated in (below 1 is better for times and CPU,
    /// above 1 for logins/s).
    /// </summary>
    public static string Comparison(IReadOnlyList<BenchResult> mine, IReadOnlyList<BenchResult> theirs)
    {
        var s = new StringBuilder();
        s.AppendLine(Inv($"| measure | this build {mine[0].Installation.Revision} | baseline {theirs[0].Installation.Revision} | this ÷ baseline |"));
        s.AppendLine("|---|---|---|---|");
        s.AppendLine(Inv($"| configuration | {Configuration(mine[0].Options)}, {mine.Count} runs each, alternating | | |"));
        Row(s, "logins/s", mine, theirs, r => r.LoginsPerSecond, "F1");
        Row(s, "engine CPU per login (ms)", mine, theirs, r => r.EngineCpuMsPerLogin, "F2");
        Row(s, "start-up to ready /health (ms)", mine, theirs, r => r.Startup.TotalMilliseconds, "F0");
        foreach (var step in Enum.GetValues<Step>().Where(st => st != Step.SmsCode))
        {
            Row(s, Inv($"p99 {step} (ms)"), mine, theirs, r => P(r, step, 99), "F1");
        }

        Row(s, "p50 Login (ms)", mine, theirs, r => P(r, Step.Login, 50), "F1");
        Row(s, "errors", mine, theirs, r => r.ErrorCount, "F0");
        Row(s, "completed logins", mine, theirs, r => r.Completed, "F0");
        Row(s, "driver CPU per login (ms)", mine, theirs, r => r.DriverCpuMsPerLogin, "F2");
        Row(s, "engine peak memory VmHWM (MiB)", mine, theirs, r => r.EnginePeakBytes / 1048576.0, "F1");
        Row(s, "engine log lines per login", mine, theirs, r => r.Completed == 0 ? double.NaN : (double)r.EngineLogLines / r.Completed, "F1");
        s.AppendLine(Inv($"| hash floor (hashes/s, {Environment.ProcessorCount} threads) | {mine[0].HashFloorPerSecond:F1} | | |"));
        return s.ToString();
    }

    public static string ComparisonSection(IReadOnlyList<BenchResult> mine, IReadOnlyList<BenchResult> theirs, string[] args, string table) =>
        Section(Inv($"hash={mine[0].Options.Hash}, {mine[0].Options.Drivers} drivers, {mine[0].Options.Seconds} s, {mine[0].Installation.Revision} against baseline {theirs[0].Installation.Revision}"), args, table);

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

    private static string Configuration(BenchOptions o) =>
        Inv($"hash={o.Hash} (Argon2id m={o.MemoryKib} KiB t={o.Iterations} p=1), drivers={o.Drivers}, seconds={o.Seconds}, warm-up={o.Warmup}/driver + {o.WarmupSeconds} s{(o.Warmup == 0 && o.WarmupSeconds == 0 ? " (none: measured from the first /health)" : string.Empty)}");

    private static void Row(StringBuilder s, string name, IReadOnlyList<BenchResult> mine, IReadOnlyList<BenchResult> theirs, Func<BenchResult, double> value, string format)
    {
        var a = mine.Select(value).ToArray();
        var b = theirs.Select(value).ToArray();
        var ratio = b.Average() == 0 ? "—" : (a.Average() / b.Average()).ToString("F2", CultureInfo.InvariantCulture);
        s.AppendLine(Inv($"| {name} | {Runs(a, format)} | {Runs(b, format)} | {ratio} |"));
    }

    private static string Runs(double[] values, string format) =>
        values.Length == 1
            ? values[0].ToString(format, CultureInfo.InvariantCulture)
            : values.Average().ToString(format, CultureInfo.InvariantCulture) + " (" + string.Join(", ", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture))) + ")";

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
