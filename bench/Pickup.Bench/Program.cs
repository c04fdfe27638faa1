using System.Diagnostics;
using Pickup.Bench;
using Pickup.FakeVonage;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    await Console.Error.WriteLineAsync("usage: Pickup.Bench [--hash production|trivial] [--drivers N] [--seconds S] [--max-logins N] [--warmup N] [--warmup-seconds S] [--floor-seconds S] [--no-record]");
    await Console.Error.WriteLineAsync("       Pickup.Bench --pending N [--pending-concurrency N] [--pending-minutes M] [--hash production|trivial] [--warmup N] [--no-record]");
    return 2;
}

if (!File.Exists(BenchInstallation.HostDll))
{
    await Console.Error.WriteLineAsync($"no engine at {BenchInstallation.HostDll}; build engine/Host first");
    return 1;
}

// The pending-login mode measures state, not speed: it has no use for the hash floor.
var pendingMode = options.Pending > 0;
var floor = double.NaN;
if (!pendingMode)
{
    Console.WriteLine($"hash floor: Argon2id m={options.MemoryKib} t={options.Iterations} p=1 on {Environment.ProcessorCount} threads for {options.FloorSeconds} s");
    floor = HashFloor.HashesPerSecond(options.MemoryKib, options.Iterations, TimeSpan.FromSeconds(options.FloorSeconds));
}

await using var vonage = await FakeVonageServer.StartAsync();
using var home = new BenchHome(vonage.SmsUrl(), options.MemoryKib, options.Iterations);

// One user per concurrent driver; in the pending mode one user holds many pending logins, as nothing forbids.
var users = pendingMode ? options.PendingConcurrency : options.Drivers;
Console.WriteLine($"seeding {users} users through the pickup command line");
await PickupCli.RunAsync(home.Directory, null, "roles", "add", "driver", "--permission", "login");
for (var i = 0; i < users; i++)
{
    await PickupCli.RunAsync(home.Directory, Password(i) + "\n", "users", "add", Username(i), "--password-stdin", "--role", "driver", "--claim", "http://wso2.org/claims/mobile=" + VirtualDriver.Mobile(i));
}

Console.WriteLine("starting the engine");
await using var engine = await EngineChild.StartAsync(home);
var drivers = Enumerable.Range(0, users)
    .Select(i => new VirtualDriver(home.BaseUrl, vonage, Username(i), Password(i), VirtualDriver.Mobile(i)))
    .ToList();
try
{
    if (pendingMode)
    {
        var pending = await PendingRun.RunAsync(options, engine, vonage, drivers);
        var pendingTable = BenchReport.PendingTable(pending);
        await Report(options, pendingTable, BenchReport.Section(pending, args, pendingTable));
        return pending.Created > 0 ? 0 : 1;
    }

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

    var result = new BenchResult(
        options,
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
    var table = BenchReport.Table(result);
    await Report(options, table, BenchReport.Section(result, args, table));
    return result.Completed > 0 ? 0 : 1;
}
catch (InvalidOperationException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    await Console.Error.WriteLineAsync(engine.LastOutput());
    return 1;
}
finally
{
    drivers.ForEach(d => d.Dispose());
}

// Prints the table; unless --no-record, appends the dated section to bench/RESULTS.md.
static async Task Report(BenchOptions options, string table, string section)
{
    Console.WriteLine();
    Console.WriteLine(table);
    if (!options.Record)
    {
        return;
    }

    var file = Path.Combine(BenchInstallation.RepositoryRoot, "bench", "RESULTS.md");
    await File.AppendAllTextAsync(file, section);
    Console.WriteLine($"appended to {file}");
}

static string Username(int i) => "driver" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

static string Password(int i) => "bench-password-" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
