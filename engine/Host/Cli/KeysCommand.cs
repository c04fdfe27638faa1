using System.Globalization;
using Pickup.Core.Auditing;
using Pickup.Core.Configuration;
using Pickup.Data.Keys;
using Pickup.Host.Oidc;

namespace Pickup.Host.Cli;

/// <summary>
/// <c>pickup keys list</c> and <c>pickup keys rotate [--now]</c>: the server's keys in the database, never their
/// material. Safe while engines run: each node re-reads the keys within a minute and follows. Errors go to stderr with
/// exit status 1, usage errors with 2.
/// </summary>
internal static class KeysCommand
{
    private static readonly string[] Header = ["NAME", "GEN", "KEY ID", "KIND", "CREATED", "ACTIVATES", "RETIRES", "STATE", "SEALED"];

    /// <summary>The usage line (without <c>pickup</c>).</summary>
    public const string Usage = "keys list | keys rotate [--now]";

    /// <summary>Runs one keys sub-command.</summary>
    /// <param name="args">The words after <c>keys</c>.</param>
    /// <param name="services">The data services (<see cref="DataCommandHost"/>).</param>
    /// <param name="stdout">Results.</param>
    /// <param name="stderr">Errors and notes.</param>
    /// <param name="ct">Stops the command.</param>
    public static Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(services);
        var command = args.Count > 0 ? args[0] : string.Empty;
        var rest = args.Skip(1).ToList();
        return CliArguments.RunDataCommandAsync("keys" + (command.Length == 0 ? string.Empty : " " + command), Usage, stderr, async () =>
        {
            try
            {
                return command switch
                {
                    "list" when rest.Count == 0 => await ListAsync(services, stdout, ct),
                    "rotate" when rest is [] or ["--now"] => await RotateAsync(services, rest.Count == 1, stdout, stderr, ct),
                    "list" or "rotate" => throw new UsageException($"unexpected '{rest[0]}'."),
                    "" => throw new UsageException("a sub-command is needed."),
                    _ => throw new UsageException($"unknown sub-command '{command}'."),
                };
            }
            catch (InvalidDataException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }
        });
    }

    private static async Task<int> ListAsync(IServiceProvider services, TextWriter stdout, CancellationToken ct)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var rows = await services.GetRequiredService<ServerKeyStore>().ListAsync(ct);
        var table = new List<string[]> { Header };
        foreach (var row in rows)
        {
            var kind = OidcKeyKind.Of(row.Name);
            string generation = "-", state = "active", description;
            if (kind is not null)
            {
                var generations = new ServerKeyGenerations(kind.BaseName, rows);
                generation = row.GenerationOf(kind.BaseName)!.Value.ToString(CultureInfo.InvariantCulture);
                state = generations.StateOf(row, now).ToString().ToLowerInvariant();
                description = kind.Description;
            }
            else
            {
                description = row.Name == "server-secret"
                    ? "256-bit: server secret (seals attempts, keys code hashes and the ring)"
                    : "Data Protection ring key (cookies, anti-forgery; rotated by Data Protection)";
            }

            table.Add([row.Name, generation, row.KeyId, description, Date(row.CreatedAt), Date(row.EffectiveActivation), row.RetiresAt is { } r ? Date(r) : "-", state, row.Sealed ? "yes" : "no"]);
        }

        var widths = Enumerable.Range(0, table[0].Length).Select(c => table.Max(r => r[c].Length)).ToArray();
        foreach (var line in table)
        {
            await stdout.WriteLineAsync(string.Join("  ", line.Select((cell, c) => c == line.Length - 1 ? cell : cell.PadRight(widths[c]))));
        }

        return 0;
    }

    private static async Task<int> RotateAsync(IServiceProvider services, bool now, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var oidc = services.GetRequiredService<OidcOptions>();
        var audit = services.GetRequiredService<IAuditLog>();
        var made = await new OidcKeys(services.GetRequiredService<ServerKeyStore>()).RotateAsync(oidc, now, ct);
        foreach (var (key, created) in made)
        {
            var when = Date(key.EffectiveActivation);
            var what = OidcKeyKind.Of(key.Name) == OidcKeyKind.IdentitySigning ? "signs identity tokens" : "is used";
            await stdout.WriteLineAsync(created
                ? $"Made {key.Name} (key id {key.KeyId}): published now, {what} from {when}."
                : $"{key.Name} (key id {key.KeyId}) was just made by another node or command: {what} from {when}.");
            if (created)
            {
                await audit.WriteAsync(
                    new AuditEvent(AuditEventTypes.KeysRotated) { Detail = $"{key.Name} (key id {key.KeyId}), {(now ? "--now" : "scheduled")}, in use from {key.EffectiveActivation:u}" },
                    ct);
            }
        }

        await stdout.WriteLineAsync(
            $"The keys they replace stay published and accepted for {KeyRotationPolicy.Retention(oidc).TotalDays:0.#} days after that (until the tokens they made expire). "
            + "Running engines pick the change up within a minute.");
        if (now)
        {
            await stderr.WriteLineAsync(
                "warning: --now: identity tokens are signed with the new key at once; a client that cached the JWKS before it was published refuses them until it fetches the JWKS again.");
        }

        return 0;
    }

    private static string Date(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
