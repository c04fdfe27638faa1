using System.Diagnostics;

namespace Pickup.IntegrationTests.Infrastructure;

/// <summary>
/// What a plugin author runs, as separate processes: the built <c>pickup</c> against a home, and the .NET SDK
/// (<c>dotnet new</c>, <c>pack</c>, <c>publish</c>) with none of the test run's MSBuild settings leaking in.
/// </summary>
internal static class PluginAuthoring
{
    // dotnet new + restore + publish on a busy two-core machine; generous, but bounded.
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(8);

    /// <summary>Runs <c>dotnet <paramref name="hostDll"/> ARGS --home <paramref name="home"/></c>.</summary>
    public static Task<CommandResult> RunPickupAsync(string hostDll, string home, string workingDirectory, string? stdin, params string[] args) =>
        RunAsync(workingDirectory, stdin, "pickup", [hostDll, .. args, "--home", home]);

    /// <summary>Runs the .NET SDK in <paramref name="workingDirectory"/>.</summary>
    public static Task<CommandResult> RunDotnetAsync(string workingDirectory, params string[] args) =>
        RunAsync(workingDirectory, null, "dotnet", args);

    /// <summary>Copies a folder's files and subfolders, leaving out folders named in <paramref name="skipFolders"/> (e.g. bin, obj).</summary>
    public static void CopyDirectory(string from, string to, params string[] skipFolders)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in Directory.EnumerateFileSystemEntries(from))
        {
            var target = Path.Combine(to, Path.GetFileName(entry));
            if (Directory.Exists(entry))
            {
                if (!skipFolders.Contains(Path.GetFileName(entry), StringComparer.Ordinal))
                {
                    CopyDirectory(entry, target, skipFolders);
                }
            }
            else
            {
                File.Copy(entry, target);
            }
        }
    }

    private static async Task<CommandResult> RunAsync(string workingDirectory, string? stdin, string shownAs, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("PICKUP_HOME");
        // A clean SDK run: the settings of the build running these tests must not leak into the author's build.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var shown = $"{shownAs} {string.Join(' ', shownAs == "pickup" ? args.Skip(1) : args)}";
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{shown} did not finish within {CommandTimeout}: {await stderr}");
        }

        return new CommandResult(shown, process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>How a command ended; its text says everything a failed assertion needs.</summary>
internal sealed record CommandResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"{Command} exited with {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}
