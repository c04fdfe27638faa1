using System.Diagnostics;
using System.Globalization;

namespace Pickup.Bench;

/// <summary>
/// The engine as an admin runs it, <c>pickup serve --home DIR</c>, in its own process so its CPU time and peak
/// memory are its own and not the driver's.
/// </summary>
internal sealed class EngineChild : IAsyncDisposable
{
    private const int KeptLines = 200;
    private const string EnginePrefix = "PICKUP_BENCH_ENGINE_DOTNET_";
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private long _outputLines;

    private EngineChild(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Wall time from starting the process to the first 200 from <c>/health</c>.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>The engine's process id (the <c>dotnet</c> host runs the runtime in its own process).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Lines the engine wrote to stdout/stderr so far (its console logging is part of its cost).</summary>
    public long OutputLines => Interlocked.Read(ref _outputLines);

    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The engine's peak resident set (VmHWM) in bytes; Linux only, as the target machine is.</summary>
    public long PeakResidentBytes() => StatusKib("VmHWM:") * 1024;

    /// <summary>The engine's current resident set (VmRSS) in bytes.</summary>
    public long ResidentBytes() => StatusKib("VmRSS:") * 1024;

    public string LastOutput()
    {
        lock (_lastLines)
        {
            return string.Join('\n', _lastLines);
        }
    }

    /// <summary>Starts the engine and waits (60 s at most) for its <c>/health</c>, polling every 10 ms.</summary>
    public static async Task<EngineChild> StartAsync(BenchHome home, Installation installation)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = home.Directory,
        };
        foreach (var arg in new[] { installation.HostDll, "serve", "--home", home.Directory })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("PICKUP_HOME");

        // Runtime settings for the engine alone (profiling it, trying a knob): PICKUP_BENCH_ENGINE_DOTNET_X=v is DOTNET_X=v there.
        foreach (var (name, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                     .Select(e => ((string)e.Key, (string?)e.Value))
                     .Where(e => e.Item1.StartsWith(EnginePrefix, StringComparison.Ordinal)))
        {
            start.Environment["DOTNET_" + name[EnginePrefix.Length..]] = value;
        }

        var clock = Stopwatch.StartNew();
        var engine = new EngineChild(Process.Start(start) ?? throw new InvalidOperationException("could not start the engine"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var health = new Uri(home.BaseUrl, "health");
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (engine._process.HasExited)
            {
                throw new InvalidOperationException($"the engine exited with {engine._process.ExitCode}:\n{engine.LastOutput()}");
            }

            try
            {
                using var answer = await http.GetAsync(health);
                if (answer.IsSuccessStatusCode)
                {
                    engine.StartupTime = clock.Elapsed;
                    return engine;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(10);
        }

        await engine.DisposeAsync();
        throw new InvalidOperationException("the engine did not answer /health within 60 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private long StatusKib(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/status")
            .FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        if (line is null)
        {
            return 0;
        }

        var number = line[field.Length..].Trim().Split(' ')[0];
        return long.Parse(number, CultureInfo.InvariantCulture);
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        Interlocked.Increment(ref _outputLines);
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > KeptLines)
            {
                _lastLines.Dequeue();
            }
        }
    }
}
