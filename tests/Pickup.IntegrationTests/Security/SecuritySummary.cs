namespace Pickup.IntegrationTests.Security;

/// <summary>
/// The security suite's totals for CI, written to <c>artifacts/test-results/security-summary.txt</c> as one line:
/// <c>hostile inputs: N, 5xx: N, secrets found: N</c>. Each test adds its counts and rewrites the line, so the file
/// holds the totals of whatever ran, in whatever order.
/// </summary>
internal static class SecuritySummary
{
    private static readonly Lock Gate = new();
    private static long _hostileInputs;
    private static long _serverErrors;
    private static long _secretsFound;

    public static string FilePath { get; } = Path.Combine(RepositoryRoot(), "artifacts", "test-results", "security-summary.txt");

    /// <summary>Adds hostile inputs tried and how many were answered with a 5xx.</summary>
    public static string AddHostileInputs(int tried, int serverErrors)
    {
        lock (Gate)
        {
            _hostileInputs += tried;
            _serverErrors += serverErrors;
            return Write();
        }
    }

    /// <summary>Adds secrets found in logs, pages or redirects.</summary>
    public static string AddSecretsFound(int found)
    {
        lock (Gate)
        {
            _secretsFound += found;
            return Write();
        }
    }

    private static string Write()
    {
        var line = $"hostile inputs: {_hostileInputs}, 5xx: {_serverErrors}, secrets found: {_secretsFound}";
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        File.WriteAllText(FilePath, line + "\n");
        return line;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        for (var depth = 0; directory is not null && depth < 32; depth++, directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pickup.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Pickup.sln not found above {AppContext.BaseDirectory}");
    }
}
