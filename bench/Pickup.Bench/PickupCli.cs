using System.Diagnostics;

namespace Pickup.Bench;

/// <summary>Runs the installed <c>pickup</c> command line, as an admin seeding the users would.</summary>
internal static class PickupCli
{
    public static async Task RunAsync(string home, string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = home,
        };
        start.ArgumentList.Add(BenchInstallation.HostDll);
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

        await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pickup {args[0]} {args[1]} exited with {process.ExitCode}: {await stderr}");
        }
    }
}
