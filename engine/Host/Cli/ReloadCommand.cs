using System.Globalization;
using System.Runtime.InteropServices;
using Pickup.Core.Auditing;
using Pickup.Host.Hosting;

namespace Pickup.Host.Cli;

/// <summary>
/// <c>pickup config reload</c>: asks the engine serving this home to re-read <c>conf/</c>, as a file change or a
/// <c>SIGHUP</c> does, and prints what it did. The engine is found by the process id it writes to
/// <c>&lt;home&gt;/data/engine.pid</c> and asked by a write to <c>data/reload/request</c>, which it watches (or, when that
/// cannot be written, with <c>SIGHUP</c>): only its own user (or root) may ask, and nothing listens on the network for it. The answer is read from the audit trail (<c>config.reloaded</c> or
/// <c>config.rejected</c>). Exits 0 when reloaded or unchanged, 1 when refused, when no engine serves the home, or
/// when it does not answer in time.
/// </summary>
internal static partial class ReloadCommand
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    // A busy engine may take a while; asking again is harmless (a reload of unchanged files only says so).
    private static readonly TimeSpan AskAgain = TimeSpan.FromSeconds(5);
    private const int SigHup = 1;

    /// <summary>Runs the command.</summary>
    public static async Task<int> RunAsync(string home, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            await stderr.WriteLineAsync("pickup config reload: not on Windows; the engine reloads when its conf/ files change");
            return 1;
        }

        var pidFile = ConfigurationReloader.PidFile(home);
        if (FindEngine(pidFile) is not { } pid)
        {
            await stderr.WriteLineAsync(
                $"pickup config reload: no engine is serving {home} (no live process in {Path.GetRelativePath(Environment.CurrentDirectory, pidFile)}); start one with `pickup serve`");
            return 1;
        }

        var asked = DateTimeOffset.UtcNow.AddSeconds(-1);
        if (Ask(home, pid) is { } problem)
        {
            await stderr.WriteLineAsync($"pickup config reload: could not ask the engine (process {pid}): {problem}");
            return 1;
        }

        return await DataCommandHost.RunAsync(home, (services, _) => AwaitAnswerAsync(services, home, pid, asked, stdout, stderr, cancellationToken), cancellationToken);
    }

    private static async Task<int> AwaitAnswerAsync(IServiceProvider services, string home, int pid, DateTimeOffset asked, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var audit = services.GetRequiredService<IAuditLog>();
        var deadline = DateTimeOffset.UtcNow + Wait;
        var askAgain = DateTimeOffset.UtcNow + AskAgain;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (DateTimeOffset.UtcNow >= askAgain)
            {
                _ = Ask(home, pid);
                askAgain = DateTimeOffset.UtcNow + AskAgain;
            }

            var answers = (await audit.TailAsync(1, AuditEventTypes.ConfigReloaded, cancellationToken))
                .Concat(await audit.TailAsync(1, AuditEventTypes.ConfigRejected, cancellationToken))
                .Where(e => e.At >= asked)
                .OrderBy(e => e.At)
                .ToList();
            if (answers.LastOrDefault() is { } answer)
            {
                if (answer.Type == AuditEventTypes.ConfigRejected)
                {
                    await stderr.WriteLineAsync("pickup config reload: the engine refused the configuration and keeps serving the one it had:");
                    foreach (var problem in Problems(answer.Detail))
                    {
                        await stderr.WriteLineAsync(problem);
                    }

                    return 1;
                }

                await stdout.WriteLineAsync($"configuration reloaded: {Summary(answer.Detail)}");
                return 0;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        await stderr.WriteLineAsync($"pickup config reload: the engine did not answer within {Wait.TotalSeconds:0} s; see its log");
        return 1;
    }

    // "sha256=… changed: … problems: a; b | files" → ["a", "b"].
    private static string[] Problems(string? detail)
    {
        if (detail is null)
        {
            return [];
        }

        var start = detail.IndexOf("problems: ", StringComparison.Ordinal);
        var end = detail.LastIndexOf(" | ", StringComparison.Ordinal);
        if (start < 0)
        {
            return [detail];
        }

        start += "problems: ".Length;
        // Problems are joined by "; ", which a message may hold too: a new problem starts with its file:line:col.
        return ProblemStart().Split(detail[start..(end > start ? end : detail.Length)]).Where(p => p.Length > 0).ToArray();
    }

    private static string Summary(string? detail)
    {
        var end = detail?.LastIndexOf(" | ", StringComparison.Ordinal) ?? -1;
        return detail is null ? "-" : end > 0 ? detail[..end] : detail;
    }

    // Writes the engine's request file (watched by it); SIGHUP when the file cannot be written. Null when asked.
    private static string? Ask(string home, int pid)
    {
        var request = ConfigurationReloader.RequestFile(home);
        try
        {
            File.WriteAllText(request, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) + "\n");
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Kill(pid, SigHup) == 0 ? null : $"{ex.Message}; and SIGHUP: {Marshal.GetLastPInvokeErrorMessage()}";
        }
    }

    // The engine's process id when the file names a live Pickup engine.
    private static int? FindEngine(string pidFile)
    {
        try
        {
            if (!int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 1)
            {
                return null;
            }

            // A stale file may name a process that is now something else: only an engine is signalled.
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            return commandLine.Contains("Pickup.Host", StringComparison.Ordinal) ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"; (?=[^;\s]+:\d+:\d+: )")]
    private static partial System.Text.RegularExpressions.Regex ProblemStart();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
