using System.Data.Common;
using System.Globalization;
using Pickup.Core.Auditing;
using Pickup.Data.Auditing;

namespace Pickup.Host.Cli;

/// <summary>
/// <c>pickup audit tail [-n N] [--type TYPE]</c>: the newest N audit events (default 20), oldest first, one per
/// line: time (UTC), type, user, client, address, detail; <c>-</c> where a value is unknown. Usage errors exit 2,
/// a database that cannot be read exits 1.
/// </summary>
internal static class AuditCommand
{
    private const string Usage = "pickup audit tail [-n N] [--type TYPE]";
    private const int DefaultCount = 20;

    /// <summary>Runs one audit sub-command.</summary>
    /// <param name="args">The words after <c>audit</c>.</param>
    /// <param name="services">A provider with the data services registered and the database initialised.</param>
    /// <param name="stdout">The events.</param>
    /// <param name="stderr">Errors.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    /// <returns>0 on success, 1 when the events cannot be read, 2 for a usage error.</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        IServiceProvider services,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Count == 0 || args[0] != "tail")
        {
            await stderr.WriteLineAsync(args.Count == 0 ? "pickup audit: a sub-command is needed." : $"pickup audit: unknown sub-command '{args[0]}'.");
            await stderr.WriteLineAsync("usage: " + Usage);
            return 2;
        }

        int count;
        string? type;
        try
        {
            (count, type) = ParseTail(args.Skip(1).ToList());
        }
        catch (UsageException exception)
        {
            await stderr.WriteLineAsync("pickup audit tail: " + exception.Message);
            await stderr.WriteLineAsync("usage: " + Usage);
            return 2;
        }

        IReadOnlyList<AuditEvent> events;
        try
        {
            var audit = services.GetRequiredService<IAuditLog>();
            events = type is null
                ? await audit.TailAsync(count, cancellationToken)
                : await audit.TailAsync(count, type, cancellationToken);
        }
        catch (DbException exception)
        {
            await stderr.WriteLineAsync($"error: the audit trail cannot be read: {exception.Message}");
            return 1;
        }

        foreach (var auditEvent in events)
        {
            await stdout.WriteLineAsync(Format(auditEvent));
        }

        return 0;
    }

    /// <summary>One line: <c>2026-01-31T09:15:02Z login.succeeded alex pickup-dispatch 127.0.0.1 basic+pin</c>.</summary>
    internal static string Format(AuditEvent auditEvent) =>
        string.Join(
            ' ',
            auditEvent.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            auditEvent.Type.PadRight(24),
            Word(auditEvent.Username ?? auditEvent.UserId),
            Word(auditEvent.ClientId),
            Word(auditEvent.RemoteAddress),
            auditEvent.Detail ?? "-");

    // A user, client or address is one column: a name with spaces must not shift the ones after it.
    private static string Word(string? value) => string.IsNullOrEmpty(value) ? "-" : value.Replace(' ', '_');

    private static (int Count, string? Type) ParseTail(List<string> args)
    {
        var count = DefaultCount;
        string? type = null;
        for (var i = 0; i < args.Count; i++)
        {
            var word = args[i];
            if (word is "-n" or "--count" or "--type")
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"{word} needs a value.");
                }

                var value = args[++i];
                if (word == "--type")
                {
                    type = value;
                }
                else if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > DatabaseAuditLog.MaxTail)
                {
                    throw new UsageException($"{word} takes a number from 1 to {DatabaseAuditLog.MaxTail}, not '{value}'.");
                }
            }
            else
            {
                throw new UsageException($"unexpected '{word}'.");
            }
        }

        return (count, type);
    }
}
