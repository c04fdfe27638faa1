using System.Globalization;
using Pickup.Core.Security;

namespace Pickup.Host.Cli;

/// <summary>
/// <c>pickup truststore import --file CERT --alias NAME</c>, <c>list</c>, <c>remove NAME</c>: the reference's
/// <c>keytool -importcert</c> step over <c>&lt;home&gt;/conf/security/</c>. Errors go to stderr with exit status 1,
/// usage errors with 2. Changes take effect at the engine's next start.
/// </summary>
internal static class TruststoreCommand
{
    private const string Usage = """
        usage: pickup truststore import --file CERT --alias NAME   (CERT: PEM or DER)
               pickup truststore list
               pickup truststore remove NAME
        """;

    /// <summary>Runs one truststore sub-command.</summary>
    /// <param name="args">The words after <c>truststore</c>.</param>
    /// <param name="homeDirectory">The home whose <c>conf/security/</c> is the store.</param>
    /// <param name="stdout">Results.</param>
    /// <param name="stderr">Errors and notes.</param>
    /// <returns>0 on success, 1 when the request was refused, 2 for a usage error.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, string homeDirectory, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var store = new TrustStore(homeDirectory);
        var command = args.Count > 0 ? args[0] : string.Empty;
        var rest = args.Skip(1).ToList();
        try
        {
            return command switch
            {
                "import" => await ImportAsync(store, rest, stdout, stderr),
                "list" => await ListAsync(store, rest, stdout, stderr),
                "remove" => await RemoveAsync(store, rest, stdout),
                "" => throw new UsageException("a sub-command is needed."),
                _ => throw new UsageException($"unknown sub-command '{command}'."),
            };
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync($"pickup truststore{(command.Length == 0 ? string.Empty : " " + command)}: {ex.Message}");
            await stderr.WriteLineAsync(Usage);
            return 2;
        }
        catch (TrustStoreException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"error: {store.Directory}: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> ImportAsync(TrustStore store, List<string> args, TextWriter stdout, TextWriter stderr)
    {
        string? file = null, alias = null;
        for (var i = 0; i < args.Count; i++)
        {
            var (option, inline) = CliArguments.SplitOption(args[i]);
            switch (option)
            {
                case "--file":
                    file = inline ?? CliArguments.Value(args, ref i, "--file needs a certificate file");
                    break;
                case "--alias":
                    alias = inline ?? CliArguments.Value(args, ref i, "--alias needs a name");
                    break;
                default:
                    throw new UsageException($"unexpected '{args[i]}'.");
            }
        }

        if (file is null || alias is null)
        {
            throw new UsageException(file is null ? "--file CERT is required." : "--alias NAME is required.");
        }

        var entry = store.Import(Path.GetFullPath(file), alias);
        await stdout.WriteLineAsync($"Imported '{entry.Alias}': {entry.Subject} (issuer {entry.Issuer}), SHA-256 {entry.Sha256Fingerprint}, valid until {Date(entry.NotAfter)}.");
        await stdout.WriteLineAsync("It takes effect at the engine's next start.");
        if (entry.NotAfter < DateTimeOffset.UtcNow)
        {
            await stderr.WriteLineAsync($"warning: this certificate expired on {Date(entry.NotAfter)}; a server presenting it is still refused.");
        }

        return 0;
    }

    private static async Task<int> ListAsync(TrustStore store, List<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Count > 0)
        {
            throw new UsageException($"unexpected '{args[0]}'.");
        }

        var contents = store.Load();
        if (contents.Entries.Count == 0)
        {
            await stdout.WriteLineAsync($"No certificates in {store.Directory} (the system's trusted roots apply).");
        }

        foreach (var entry in contents.Entries)
        {
            await stdout.WriteLineAsync(entry.Alias);
            await stdout.WriteLineAsync($"  subject:   {entry.Subject}");
            await stdout.WriteLineAsync($"  issuer:    {entry.Issuer}");
            await stdout.WriteLineAsync($"  not after: {Date(entry.NotAfter)}{(entry.NotAfter < DateTimeOffset.UtcNow ? " (expired)" : string.Empty)}");
            await stdout.WriteLineAsync($"  SHA-256:   {entry.Sha256Fingerprint}");
        }

        foreach (var problem in contents.Problems)
        {
            await stderr.WriteLineAsync($"error: {problem}");
        }

        return contents.Problems.Count == 0 ? 0 : 1;
    }

    private static async Task<int> RemoveAsync(TrustStore store, List<string> args, TextWriter stdout)
    {
        if (args.Count != 1)
        {
            throw new UsageException(args.Count == 0 ? "the alias to remove is missing." : $"unexpected '{args[1]}'.");
        }

        var removed = store.Remove(args[0]);
        await stdout.WriteLineAsync($"Removed '{removed.Alias}' ({removed.Subject}). It takes effect at the engine's next start.");
        return 0;
    }



    private static string Date(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
