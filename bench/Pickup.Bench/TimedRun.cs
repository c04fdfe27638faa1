using System.Diagnostics;
using Pickup.FakeVonage;

namespace Pickup.Bench;

/// <summary>
/// One timed run against one installation: a fresh home and fake Vonage, the users seeded with that installation's
/// own command line, its engine started as a child process, the warm-up, then the measured window.
/// </summary>
internal static partial class TimedRun
{
    public static async Task<BenchResult> RunAsync(BenchOptions options, Installation installation, double floor)
    {
        await using var vonage = await FakeVonageServer.StartAsync();
        using var home = new BenchHome(vonage.SmsUrl(), options.MemoryKib, options.Iterations);
        Console.WriteLine($"[{installation.Label} {installation.Revision}] seeding {options.Drivers} users through its pickup command line");
        await SeedAsync(installation, home, options.Drivers);

        Console.WriteLine($"[{installation.Label} {installation.Revision}] starting the engine");
        await using var engine = await EngineChild.StartAsync(home, installation);
        var drivers = Drivers(home, vonage, options.Drivers);
        try
        {
            if (options.Warmup > 0)
            {
                Console.WriteLine($"warm-up: {options.Warmup} unmeasured login(s) per driver");
                await Task.WhenAll(drivers.Select(d => d.RunAsync(new LoginBudget(options.Warmup), measured: false, CancellationToken.None)));
            }

            if (options.WarmupSeconds > 0)
            {
                Console.WriteLine($"warm-up: {options.WarmupSeconds} s more of unmeasured logins (the runtime's tiered compilation)");
                using var warm = new CancellationTokenSource(TimeSpan.FromSeconds(options.WarmupSeconds));
                var warmBudget = new LoginBudget(options.MaxLogins);
                await Task.WhenAll(drivers.Select(d => Task.Run(() => d.RunAsync(warmBudget, measured: false, warm.Token))));
            }

            Console.WriteLine($"measuring: {options.Drivers} drivers for {options.Seconds} s (at most {options.MaxLogins} logins)");
            var engineCpuBefore = engine.CpuTime;
            var driverCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var linesBefore = engine.OutputLines;
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
            var budget = new LoginBudget(options.MaxLogins);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(drivers.Select(d => Task.Run(() => d.RunAsync(budget, measured: true, stop.Token))));
            var elapsed = clock.Elapsed;

            return new BenchResult(
                options,
                installation,
                floor,
                engine.StartupTime,
                elapsed,
                drivers.Sum(d => d.Completed),
                drivers.SelectMany(d => d.Errors).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value)),
                engine.CpuTime - engineCpuBefore,
                Process.GetCurrentProcess().TotalProcessorTime - driverCpuBefore,
                engine.PeakResidentBytes(),
                engine.OutputLines - linesBefore,
                drivers.Select(d => d.Latencies).ToList());
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{e.Message}\n{engine.LastOutput()}", e);
        }
        finally
        {
            drivers.ForEach(d => d.Dispose());
        }
    }

    /// <summary>One user per driver (each with its own phone), with the role that may log in.</summary>
    public static async Task SeedAsync(Installation installation, BenchHome home, int users)
    {
        await FitAsync(installation, home);
        await PickupCli.RunAsync(installation, home.Directory, null, "roles", "add", "driver", "--permission", "login");
        for (var i = 0; i < users; i++)
        {
            await PickupCli.RunAsync(installation, home.Directory, Password(i) + "\n", "users", "add", Username(i), "--password-stdin", "--role", "driver", "--claim", "http://wso2.org/claims/mobile=" + VirtualDriver.Mobile(i));
        }
    }

    /// <summary>
    /// Runs the installation's own <c>config check</c> on the home; keys it does not know are dropped when they are
    /// <see cref="BenchHome.OptionalKeys"/> (an earlier build without that limit), and anything else it refuses stops
    /// the run with its own words.
    /// </summary>
    private static async Task FitAsync(Installation installation, BenchHome home)
    {
        var (exitCode, stdout, stderr) = await PickupCli.TryRunAsync(installation, home.Directory, null, "config", "check");
        if (exitCode == 0)
        {
            return;
        }

        var unknown = UnknownKey().Matches(stdout + stderr).Select(m => m.Groups[1].Value).ToList();
        if (unknown.Count == 0 || !unknown.All(BenchHome.OptionalKeys.Contains))
        {
            throw new InvalidOperationException($"{installation.Label} {installation.Revision} refuses the benchmark home:\n{stdout}{stderr}");
        }

        Console.WriteLine($"[{installation.Label} {installation.Revision}] has no {string.Join(", ", unknown)}: left out of its home");
        home.DropKeys(unknown);
        await FitAsync(installation, home);
    }

    public static List<VirtualDriver> Drivers(BenchHome home, FakeVonageServer vonage, int count) =>
        Enumerable.Range(0, count)
            .Select(i => new VirtualDriver(home.BaseUrl, vonage, Username(i), Password(i), VirtualDriver.Mobile(i)))
            .ToList();

    [System.Text.RegularExpressions.GeneratedRegex("unknown key '([A-Za-z0-9_]+)'")]
    private static partial System.Text.RegularExpressions.Regex UnknownKey();

    private static string Username(int i) => "driver" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    private static string Password(int i) => "bench-password-" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
}
