using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Pickup.IntegrationTests.Infrastructure;

/// <summary>A real redis-server on a free loopback port, for this test only; stopped when disposed.</summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string? _password;

    private RedisServer(Process process, int port, string? password, bool tls)
    {
        _process = process;
        _password = password;
        Port = port;
        Connection = $"127.0.0.1:{port}" + (tls ? ",ssl=true" : string.Empty);
    }

    public int Port { get; }

    /// <summary>The <c>[session] connection</c> that reaches it, without its password.</summary>
    public string Connection { get; }

    /// <summary>A plain server; with <paramref name="password"/>, one that requires AUTH (<c>--requirepass</c>).</summary>
    public static Task<RedisServer> StartAsync(string? password = null) =>
        StartAsync(port => ["--port", port], password, tls: false);

    /// <summary>A server that speaks only TLS, with the given certificate and key (PEM files).</summary>
    public static Task<RedisServer> StartTlsAsync(string certificateFile, string keyFile) =>
        StartAsync(port => ["--port", "0", "--tls-port", port, "--tls-cert-file", certificateFile, "--tls-key-file", keyFile, "--tls-auth-clients", "no"], null, tls: true);

    /// <summary>Runs one command through <c>redis-cli</c> (plain servers only) and returns its raw output.</summary>
    public async Task<string> CommandAsync(params string[] args)
    {
        var start = new ProcessStartInfo("redis-cli") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "--raw" })
        {
            start.ArgumentList.Add(arg);
        }

        if (_password is not null)
        {
            start.Environment["REDISCLI_AUTH"] = _password;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"redis-cli failed: {await error}");
    }

    private static async Task<RedisServer> StartAsync(Func<string, string[]> portArgs, string? password, bool tls)
    {
        var port = TestInstallation.FreePort();
        var start = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        var args = portArgs(port.ToString(CultureInfo.InvariantCulture)).Concat(["--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no"]);
        if (password is not null)
        {
            args = args.Concat(["--requirepass", password]);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start (apt-get install redis-server)");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return new RedisServer(process, port, password, tls);
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        process.Kill();
        throw new InvalidOperationException($"redis-server did not listen on {port} within 5 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
