using System.Globalization;

namespace Pickup.Bench;

/// <summary>The command line of the benchmark; every number is bounded so a run always ends by itself.</summary>
internal sealed record BenchOptions
{
    public string Hash { get; init; } = "production";

    public int Drivers { get; init; } = 32;

    public int Seconds { get; init; } = 20;

    /// <summary>Hard cap on measured logins, whatever the duration.</summary>
    public int MaxLogins { get; init; } = 20_000;

    /// <summary>Unmeasured logins per driver before the clock starts (JIT, connection pools, SQLite caches).</summary>
    public int Warmup { get; init; } = 1;

    /// <summary>
    /// Further unmeasured logins for this long, after <see cref="Warmup"/>: the runtime keeps recompiling hot methods
    /// into their optimised form for about half a minute of load, and a server runs for much longer than that.
    /// </summary>
    public int WarmupSeconds { get; init; } = 30;

    public int FloorSeconds { get; init; } = 3;

    /// <summary>False with --no-record: print only, leave RESULTS.md alone.</summary>
    public bool Record { get; init; } = true;

    /// <summary>
    /// With --pending N: the pending-login mode instead of the timed run. N logins are left on the SMS code page and
    /// the engine's managed heap is measured before and after; 0 is the normal run.
    /// </summary>
    public int Pending { get; init; }

    /// <summary>Pending logins started at once, each by its own user (one user may have many pending logins).</summary>
    public int PendingConcurrency { get; init; } = 16;

    /// <summary>Hard limit on creating the pending logins; the run then reports what it has.</summary>
    public int PendingMinutes { get; init; } = 10;

    /// <summary>
    /// With --baseline REV: that revision is built into a worktree of its own and both engines run alternately
    /// (this build, the baseline, this build, …) under the same driver, <see cref="Rounds"/> times each.
    /// </summary>
    public string? Baseline { get; init; }

    /// <summary>Runs of each build with --baseline (alternating, this build first).</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Production: the shipped default. Trivial: libsodium's least cost (8 KiB, one pass), allowed only by the
    /// benchmark home's <c>insecure_benchmark_only = true</c>, so the engine's own work shows.</summary>
    public int MemoryKib => Hash == "production" ? 19456 : 8;

    public int Iterations => Hash == "production" ? 2 : 1;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        var hashGiven = false;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--no-record")
            {
                options = options with { Record = false };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{name} needs a value");
            }

            var value = args[++i];
            hashGiven |= name == "--hash";
            options = name switch
            {
                "--hash" when value is "production" or "trivial" => options with { Hash = value },
                "--hash" => throw new ArgumentException("--hash must be production or trivial"),
                "--drivers" => options with { Drivers = Number(name, value, 1, 1024) },
                "--seconds" => options with { Seconds = Number(name, value, 1, 3600) },
                "--max-logins" => options with { MaxLogins = Number(name, value, 1, 10_000_000) },
                "--warmup" => options with { Warmup = Number(name, value, 0, 100) },
                "--warmup-seconds" => options with { WarmupSeconds = Number(name, value, 0, 600) },
                "--floor-seconds" => options with { FloorSeconds = Number(name, value, 1, 60) },
                "--baseline" when value.Length > 0 && !value.StartsWith('-') => options with { Baseline = value },
                "--baseline" => throw new ArgumentException("--baseline needs a revision (a commit, tag or branch)"),
                "--rounds" => options with { Rounds = Number(name, value, 1, 20) },
                "--pending" => options with { Pending = Number(name, value, 1, 1_000_000) },
                "--pending-concurrency" => options with { PendingConcurrency = Number(name, value, 1, 256) },
                "--pending-minutes" => options with { PendingMinutes = Number(name, value, 1, 60) },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        if (options.Pending > 0 && options.Baseline is not null)
        {
            throw new ArgumentException("--baseline compares timed runs; it does not combine with --pending");
        }

        // What is measured in the pending mode is state, not hashing: the cheapest hash keeps the run short.
        return options.Pending > 0 && !hashGiven ? options with { Hash = "trivial" } : options;
    }

    private static int Number(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}");
}
