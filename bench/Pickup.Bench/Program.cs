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
    await Console.Error.WriteLineAsync("usage: Pickup.Bench [--hash production|trivial] [--drivers N] [--seconds S] [--max-logins N] [--warmup N] [--warmup-seconds S] [--floor-seconds S] [--baseline REV [--rounds N]] [--no-record]");
    await Console.Error.WriteLineAsync("       Pickup.Bench --pending N [--pending-concurrency N] [--pending-minutes M] [--hash production|trivial] [--warmup N] [--no-record]");
    return 2;
}

if (!File.Exists(BenchInstallation.HostDll))
{
    await Console.Error.WriteLineAsync($"no engine at {BenchInstallation.HostDll}; build engine/Host first");
    return 1;
}

var thisBuild = Installation.ThisBuild();
try
{
    if (options.Pending > 0)
    {
        // The pending-login mode measures state, not speed: it has no use for the hash floor.
        var pending = await PendingLogins(options, thisBuild);
        var pendingTable = BenchReport.PendingTable(pending);
        await Report(options, pendingTable, BenchReport.Section(pending, args, pendingTable));
        return pending.Created > 0 ? 0 : 1;
    }

    var baseline = options.Baseline is null ? null : await Installation.BaselineAsync(options.Baseline);
    Console.WriteLine($"hash floor: Argon2id m={options.MemoryKib} t={options.Iterations} p=1 on {Environment.ProcessorCount} threads for {options.FloorSeconds} s");
    var floor = HashFloor.HashesPerSecond(options.MemoryKib, options.Iterations, TimeSpan.FromSeconds(options.FloorSeconds));
    if (baseline is null)
    {
        var result = await TimedRun.RunAsync(options, thisBuild, floor);
        var table = BenchReport.Table(result);
        await Report(options, table, BenchReport.Section(result, args, table));
        return result.Completed > 0 && result.ErrorCount == 0 ? 0 : 1;
    }

    // A B A B …: a machine that slows down or speeds up during the comparison weighs on both builds alike.
    var mine = new List<BenchResult>();
    var theirs = new List<BenchResult>();
    for (var round = 1; round <= options.Rounds; round++)
    {
        Console.WriteLine($"round {round} of {options.Rounds}");
        mine.Add(await TimedRun.RunAsync(options, thisBuild, floor));
        Console.WriteLine(BenchReport.OneLine(mine[^1]));
        theirs.Add(await TimedRun.RunAsync(options, baseline, floor));
        Console.WriteLine(BenchReport.OneLine(theirs[^1]));
    }

    var comparison = BenchReport.Comparison(mine, theirs);
    await Report(options, comparison, BenchReport.ComparisonSection(mine, theirs, args, comparison));
    return mine.Concat(theirs).All(r => r.Completed > 0 && r.ErrorCount == 0) ? 0 : 1;
}
catch (InvalidOperationException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
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

// One user holds many pending logins, as nothing forbids: PendingConcurrency users.
static async Task<PendingResult> PendingLogins(BenchOptions options, Installation installation)
{
    await using var vonage = await FakeVonageServer.StartAsync();
    using var home = new BenchHome(vonage.SmsUrl(), options.MemoryKib, options.Iterations);
    Console.WriteLine($"seeding {options.PendingConcurrency} users through the pickup command line");
    await TimedRun.SeedAsync(installation, home, options.PendingConcurrency);
    Console.WriteLine("starting the engine");
    await using var engine = await EngineChild.StartAsync(home, installation);
    var drivers = TimedRun.Drivers(home, vonage, options.PendingConcurrency);
    try
    {
        return await PendingRun.RunAsync(options, engine, vonage, drivers);
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
