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

    public int FloorSeconds { get; init; } = 3;

    /// <summary>False with --no-record: print only, leave RESULTS.md alone.</summary>
    public bool Record { get; init; } = true;

    public int MemoryKib => Hash == "production" ? 19456 : 8192;

    public int Iterations => Hash == "production" ? 2 : 1;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
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
            options = name switch
            {
                "--hash" when value is "production" or "trivial" => options with { Hash = value },
                "--hash" => throw new ArgumentException("--hash must be production or trivial"),
                "--drivers" => options with { Drivers = Number(name, value, 1, 1024) },
                "--seconds" => options with { Seconds = Number(name, value, 1, 3600) },
                "--max-logins" => options with { MaxLogins = Number(name, value, 1, 10_000_000) },
                "--warmup" => options with { Warmup = Number(name, value, 0, 100) },
                "--floor-seconds" => options with { FloorSeconds = Number(name, value, 1, 60) },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        return options;
    }

    private static int Number(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}");
}
