using System.Diagnostics;
using System.Text;

namespace Pickup.IntegrationTests.Infrastructure;

/// <summary>The engine as an admin runs it: <c>pickup serve --home DIR</c> in its own process, killed at the end.</summary>
internal sealed class EngineProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private EngineProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseUrl { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a node and waits (60 s at most) until its <c>/health</c> answers.</summary>
    /// <param name="home">The node's home.</param>
    /// <param name="environment">Variables to set for it (for <c>${env:NAME}</c> in its configuration).</param>
    /// <param name="hostDll">The installation's <c>Pickup.Host.dll</c>; the built one by default.</param>
    public static async Task<EngineProcess> StartAsync(TestHome home, IReadOnlyDictionary<string, string>? environment = null, string? hostDll = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = home.Directory,
        };
        start.ArgumentList.Add(hostDll ?? TestInstallation.HostDll);
        foreach (var arg in new[] { "serve", "--home", home.Directory })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("PICKUP_HOME");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var node = new EngineProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{home.Port}/"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (node._process.HasExited)
            {
                throw new InvalidOperationException($"the engine exited with {node._process.ExitCode}:\n{node.Output}");
            }

            try
            {
                using var health = await http.GetAsync(new Uri(node.BaseUrl, "health"));
                if (health.IsSuccessStatusCode)
                {
                    return node;
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

            await Task.Delay(200);
        }

        await node.DisposeAsync();
        throw new InvalidOperationException($"the engine did not answer /health within 60 s:\n{node.Output}");
    }

    /// <summary>Ends the node at once, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
