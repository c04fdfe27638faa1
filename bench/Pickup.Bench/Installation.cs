using System.Diagnostics;

namespace Pickup.Bench;

/// <summary>
/// One engine installation to measure: this checkout's build, or (with <c>--baseline REV</c>) another revision built
/// into a worktree of its own, so two builds run side by side under the same driver on the same machine the same
/// minute (this VM's speed varies by 2x from day to day: numbers from different runs do not compare).
/// </summary>
internal sealed record Installation(string Label, string Revision, string HostDll)
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);

    /// <summary>The installation the benchmark project's build produced (this checkout, whatever its state).</summary>
    public static Installation ThisBuild() =>
        new("this build", Git(BenchInstallation.RepositoryRoot, "rev-parse", "--short=12", "HEAD") + (IsDirty() ? "+changes" : string.Empty), BenchInstallation.HostDll);

    /// <summary>
    /// <paramref name="revision"/> checked out into a detached worktree under the temp folder and built in Release.
    /// The worktree is kept (named by the full commit) and reused while its build is complete, so a second run does
    /// not build again; delete it with <c>git worktree remove</c>.
    /// </summary>
    public static async Task<Installation> BaselineAsync(string revision)
    {
        var commit = Git(BenchInstallation.RepositoryRoot, "rev-parse", "--verify", revision + "^{commit}");
        var directory = Path.Combine(Path.GetTempPath(), "pickup-bench-baseline-" + commit[..12]);
        var hostDll = Path.Combine(directory, "artifacts", "Release", "pickup", "Pickup.Host.dll");
        var stamp = Path.Combine(directory, "artifacts", "Release", ".bench-built");
        var installation = new Installation("baseline", commit[..12], hostDll);
        if (File.Exists(stamp) && File.Exists(hostDll))
        {
            Console.WriteLine($"baseline {commit[..12]}: reusing the build in {directory}");
            return installation;
        }

        if (!Directory.Exists(directory))
        {
            Console.WriteLine($"baseline {commit[..12]}: checking it out into {directory}");
            Git(BenchInstallation.RepositoryRoot, "worktree", "add", "--detach", "--force", directory, commit);
        }

        Console.WriteLine($"baseline {commit[..12]}: building engine/Host in Release (a few minutes)");
        var build = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "build", Path.Combine(directory, "engine", "Host", "Pickup.Host.csproj"), "-c", "Release", "-nologo", "-v", "quiet" })
        {
            build.ArgumentList.Add(arg);
        }

        using var process = Process.Start(build) ?? throw new InvalidOperationException("could not start dotnet build");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(BuildTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"building the baseline took more than {BuildTimeout.TotalMinutes} min");
        }

        if (process.ExitCode != 0 || !File.Exists(hostDll))
        {
            throw new InvalidOperationException($"building the baseline {commit[..12]} failed:\n{await output}\n{await errors}");
        }

        await File.WriteAllTextAsync(stamp, commit);
        return installation;
    }

    private static bool IsDirty() =>
        Git(BenchInstallation.RepositoryRoot, "status", "--porcelain", "--untracked-files=no", "--", "engine", "plugins").Length > 0;

    private static string Git(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(directory);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var git = Process.Start(start) ?? throw new InvalidOperationException("could not start git");
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        return git.ExitCode == 0
            ? output.Trim()
            : throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error.Trim()}");
    }
}
