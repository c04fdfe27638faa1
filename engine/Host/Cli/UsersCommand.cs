using System.Globalization;
using Pickup.Data.Users;

namespace Pickup.Host.Cli;

/// <summary>
/// <c>pickup users ...</c>: add, list, show, set-claim, unlock, delete (plugins add more words to the group, see
/// <see cref="PluginCommandLine"/>). Errors go to stderr with exit status 1, usage errors with 2; success prints one
/// short line (or the listing). Passwords, hashes and credential secrets are never printed.
/// </summary>
internal static class UsersCommand
{
    private static readonly Dictionary<string, string> Usages = new(StringComparer.Ordinal)
    {
        ["add"] = "pickup users add NAME (--password-stdin | --password PW) [--role R]... [--claim URI=VALUE]...",
        ["list"] = "pickup users list",
        ["show"] = "pickup users show NAME",
        ["set-claim"] = "pickup users set-claim NAME URI=VALUE",
        ["unlock"] = "pickup users unlock NAME",
        ["delete"] = "pickup users delete NAME",
    };

    /// <summary>
    /// True for the sub-commands that still run while users share a value of a unique claim: those that show the users
    /// and those that give one of them another value (or none).
    /// </summary>
    public static bool CanFixSharedValues(IReadOnlyList<string> args) =>
        args is ["set-claim", ..] or ["delete", ..] or ["list", ..] or ["show", ..];

    /// <summary>Says that <paramref name="command"/> is no users sub-command, with every usage line; returns 2.</summary>
    public static async Task<int> ReportUnknownAsync(string command, IReadOnlyList<string> pluginUsages, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        await stderr.WriteLineAsync(command.Length == 0 ? "pickup users: a sub-command is needed." : $"pickup users: unknown sub-command '{command}'.");
        await stderr.WriteLineAsync("usage: " + string.Join(Environment.NewLine + "       ", Usages.Values.Concat(pluginUsages)));
        return 2;
    }

    /// <summary>Runs one users sub-command.</summary>
    /// <param name="args">The words after <c>users</c>.</param>
    /// <param name="services">A provider with the data services registered and the database initialised.</param>
    /// <param name="pluginUsages">The usage lines of the plugins' <c>users</c> commands, for the usage list.</param>
    /// <param name="stdin">Where <c>--password-stdin</c> reads.</param>
    /// <param name="stdout">Results.</param>
    /// <param name="stderr">Errors and notes.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    /// <returns>0 on success, 1 when the request was refused, 2 for a usage error.</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        IServiceProvider services,
        IReadOnlyList<string> pluginUsages,
        TextReader stdin,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stderr);
        var command = args.Count > 0 ? args[0] : string.Empty;
        if (!Usages.TryGetValue(command, out var usage))
        {
            return await ReportUnknownAsync(command, pluginUsages, stderr);
        }

        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var rest = args.Skip(1).ToList();
        return await CliArguments.RunDataCommandAsync($"users {command}", usage, stderr, async () =>
        {
            return command switch
            {
                "add" => await AddAsync(users, rest, stdin, stdout, stderr, cancellationToken),
                "list" => await ListAsync(users, rest, stdout, cancellationToken),
                "show" => await ShowAsync(users, rest, stdout, cancellationToken),
                "set-claim" => await SetClaimAsync(users, rest, stdout, cancellationToken),
                "unlock" => await UnlockAsync(users, rest, stdout, cancellationToken),
                _ => await DeleteAsync(users, rest, stdout, cancellationToken),
            };
        });
    }

    private static async Task<int> AddAsync(
        UserAdministration users,
        List<string> args,
        TextReader stdin,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken)
    {
        string? name = null, password = null;
        var fromStdin = false;
        var roles = new List<string>();
        var claims = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < args.Count; i++)
        {
            var (option, inline) = CliArguments.SplitOption(args[i]);
            switch (option)
            {
                case "--password-stdin" when inline is null:
                    fromStdin = true;
                    break;
                case "--password":
                    password = inline ?? CliArguments.Value(args, ref i, "--password needs a value");
                    break;
                case "--role":
                    roles.Add(inline ?? CliArguments.Value(args, ref i, "--role needs a role name"));
                    break;
                case "--claim":
                    claims.Add(ParseClaim(inline ?? CliArguments.Value(args, ref i, "--claim needs URI=VALUE")));
                    break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) || name is not null)
                    {
                        throw new UsageException($"unexpected '{args[i]}'.");
                    }

                    name = args[i];
                    break;
            }
        }

        if (name is null)
        {
            throw new UsageException("the user name is missing.");
        }

        if (fromStdin == (password is not null))
        {
            throw new UsageException("give exactly one of --password-stdin or --password.");
        }

        if (fromStdin)
        {
            // One line: what `echo "$PW" | pickup users add ...` sends, without its line ending.
            password = await stdin.ReadLineAsync(cancellationToken);
            if (password is null)
            {
                throw new UserAdministrationException("No password was given on standard input.");
            }
        }
        else
        {
            await stderr.WriteLineAsync("note: --password is visible to other local users while the command runs; --password-stdin is safer.");
        }

        var added = await users.AddUserAsync(name, password!, roles, claims, cancellationToken);
        await stdout.WriteLineAsync($"Added user '{added.Username}'{RolesSuffix(added.Roles)}.");
        return 0;
    }

    private static async Task<int> ListAsync(UserAdministration users, List<string> args, TextWriter stdout, CancellationToken cancellationToken)
    {
        NoMoreArguments(args, 0);
        var all = await users.ListAsync(cancellationToken);
        if (all.Count == 0)
        {
            await stdout.WriteLineAsync("No users.");
            return 0;
        }

        var nameWidth = all.Max(u => u.Username.Length) + 2;
        var roleWidth = Math.Max(all.Max(u => string.Join(',', u.Roles).Length), 1) + 2;
        foreach (var user in all)
        {
            var roles = user.Roles.Count == 0 ? "-" : string.Join(',', user.Roles);
            await stdout.WriteLineAsync($"{user.Username.PadRight(nameWidth)}{roles.PadRight(roleWidth)}{Status(user)}");
        }

        return 0;
    }

    private static async Task<int> ShowAsync(UserAdministration users, List<string> args, TextWriter stdout, CancellationToken cancellationToken)
    {
        var name = SingleName(args);
        var user = await users.FindAsync(name, cancellationToken)
            ?? throw new UserAdministrationException($"There is no user named '{name}'.");
        await stdout.WriteLineAsync($"username:        {user.Username}");
        await stdout.WriteLineAsync($"id:              {user.Id}");
        await stdout.WriteLineAsync($"created:         {Time(user.CreatedAt)}");
        await stdout.WriteLineAsync($"roles:           {(user.Roles.Count == 0 ? "-" : string.Join(", ", user.Roles))}");
        await stdout.WriteLineAsync($"status:          {Status(user)}");
        await stdout.WriteLineAsync($"failed attempts: {user.FailedAttempts}");
        await stdout.WriteLineAsync(user.Credentials.Count == 0 ? "credentials:     -" : "credentials:");
        foreach (var credential in user.Credentials)
        {
            var used = credential.LastUsedAt is { } at ? $"last used {Time(at)}" : "never used";
            await stdout.WriteLineAsync($"  {credential.Type}: {credential.Count} ({used})");
        }

        await stdout.WriteLineAsync(user.Claims.Count == 0 ? "claims:          -" : "claims:");
        foreach (var (uri, value) in user.Claims.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            await stdout.WriteLineAsync($"  {uri} = {value}");
        }

        return 0;
    }

    private static async Task<int> SetClaimAsync(UserAdministration users, List<string> args, TextWriter stdout, CancellationToken cancellationToken)
    {
        if (args.Count != 2)
        {
            throw new UsageException(args.Count < 2 ? "NAME and URI=VALUE are needed." : $"unexpected '{args[2]}'.");
        }

        var (uri, value) = ParseClaim(args[1]);
        await users.SetClaimAsync(args[0], uri, value, cancellationToken);
        await stdout.WriteLineAsync(value.Length == 0 ? $"Removed {uri} from '{args[0]}'." : $"Set {uri} of '{args[0]}'.");
        return 0;
    }

    private static async Task<int> UnlockAsync(UserAdministration users, List<string> args, TextWriter stdout, CancellationToken cancellationToken)
    {
        var name = SingleName(args);
        await users.UnlockAsync(name, cancellationToken);
        await stdout.WriteLineAsync($"Unlocked '{name}'.");
        return 0;
    }

    private static async Task<int> DeleteAsync(UserAdministration users, List<string> args, TextWriter stdout, CancellationToken cancellationToken)
    {
        var name = SingleName(args);
        await users.DeleteAsync(name, cancellationToken);
        await stdout.WriteLineAsync($"Deleted user '{name}'.");
        return 0;
    }



    private static KeyValuePair<string, string> ParseClaim(string text)
    {
        // Split at the first '=': a claim URI has none, a value may (e.g. base64).
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals > 0
            ? new(text[..equals], text[(equals + 1)..])
            : throw new UsageException($"'{text}' is not URI=VALUE (for example http://wso2.org/claims/emailaddress=alex@example.com).");
    }

    private static string SingleName(List<string> args)
    {
        if (args.Count == 0)
        {
            throw new UsageException("the user name is missing.");
        }

        NoMoreArguments(args, 1);
        return args[0];
    }

    private static void NoMoreArguments(List<string> args, int expected)
    {
        if (args.Count > expected)
        {
            throw new UsageException($"unexpected '{args[expected]}'.");
        }
    }

    private static string RolesSuffix(IReadOnlyList<string> roles) =>
        roles.Count == 0 ? " (no roles: the user cannot sign in until given a role with the login permission)" : $" (roles: {string.Join(", ", roles)})";

    private static string Status(UserDetails user) =>
        user.LockedUntil is { } until ? $"locked until {Time(until)}" : "active";

    private static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
