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
        s.AppendLine(Inv($"| configuration | hash={r.Options.Hash} (Argon2id m={r.Options.MemoryKib} KiB t={r.Options.Iterations} p=1), drivers={r.Options.Drivers}, seconds={r.Options.Seconds}, warm-up={r.Options.Warmup}/driver |"));
        s.AppendLine(Inv($"| completed logins | {r.Completed} in {r.Elapsed.TotalSeconds:F2} s |"));
        s.AppendLine(Inv($"| logins/s | {r.LoginsPerSecond:F1} |"));
        s.AppendLine(Inv($"| errors | {r.ErrorCount}{ErrorDetail(r)} |"));
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

    public static string Section(BenchResult r, string[] args, string table)
    {
        var s = new StringBuilder();
        s.AppendLine();
        s.AppendLine(Inv($"## {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — hash={r.Options.Hash}, {r.Options.Drivers} drivers, {r.Options.Seconds} s"));
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

    private static string ErrorDetail(BenchResult r) =>
        r.Errors.Count == 0 ? string.Empty : " (" + string.Join("; ", r.Errors.Select(e => Inv($"{e.Key} ×{e.Value}"))) + ")";

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
