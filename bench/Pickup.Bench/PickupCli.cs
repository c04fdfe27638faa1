using System.Diagnostics;

namespace Pickup.Bench;

/// <summary>Runs the installed <c>pickup</c> command line, as an admin seeding the users would.</summary>
internal static class PickupCli
{
    public static async Task RunAsync(Installation installation, string home, string? stdin, params string[] args)
    {
        var (exitCode, _, stderr) = await TryRunAsync(installation, home, stdin, args);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"pickup {args[0]} {args[1]} exited with {exitCode}: {stderr}");
        }
    }

    /// <summary>Runs the command and hands back its exit code and output, whatever they are.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> TryRunAsync(Installation installation, string home, string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = home,
        };
        start.ArgumentList.Add(installation.HostDll);
        start.ArgumentList.Add("--home");
        start.ArgumentList.Add(home);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("PICKUP_HOME");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the pickup command line");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pickup {args[0]} {args[1]} did not finish within 60 s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
