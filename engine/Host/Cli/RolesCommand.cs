using Pickup.Data.Users;

namespace Pickup.Host.Cli;

/// <summary>
/// <c>pickup roles add NAME --permission P [--permission P]...</c> and <c>pickup roles list</c>. A user may sign in
/// only through a role granting <c>login</c>. Errors go to stderr with exit status 1, usage errors with 2.
/// </summary>
internal static class RolesCommand
{
    private const string AddUsage = "pickup roles add NAME --permission P [--permission P]...";
    private const string ListUsage = "pickup roles list";

    /// <summary>Runs one roles sub-command.</summary>
    /// <param name="args">The words after <c>roles</c>.</param>
    /// <param name="services">A provider with the data services registered and the database initialised.</param>
    /// <param name="stdin">Unused; kept so every command has the same shape.</param>
    /// <param name="stdout">Results.</param>
    /// <param name="stderr">Errors.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    /// <returns>0 on success, 1 when the request was refused, 2 for a usage error.</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        IServiceProvider services,
        TextReader stdin,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var command = args.Count > 0 ? args[0] : string.Empty;
        var usage = command switch
        {
            "add" => AddUsage,
            "list" => ListUsage,
            _ => null,
        };
        if (usage is null)
        {
            await stderr.WriteLineAsync(command.Length == 0 ? "pickup roles: a sub-command is needed." : $"pickup roles: unknown sub-command '{command}'.");
            await stderr.WriteLineAsync($"usage: {AddUsage}{Environment.NewLine}       {ListUsage}");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        return await CliArguments.RunDataCommandAsync($"roles {command}", usage, stderr, async () =>
        {
            return command == "add"
                ? await AddAsync(users, args.Skip(1).ToList(), stdout, cancellationToken)
                : await ListAsync(users, args.Skip(1).ToList(), stdout, cancellationToken);
        });
    }

    private static async Task<int> AddAsync(UserAdministration users, List<string> args, TextWriter stdout, CancellationToken cancellationToken)
    {
        string? name = null;
        var permissions = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--permission")
            {
                permissions.Add(i + 1 < args.Count ? args[++i] : throw new UsageException("--permission needs a value."));
            }
            else if (args[i].StartsWith("--permission=", StringComparison.Ordinal))
            {
                permissions.Add(args[i]["--permission=".Length..]);
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) || name is not null)
            {
                throw new UsageException($"unexpected '{args[i]}'.");
            }
            else
            {
                name = args[i];
            }
        }

        if (name is null)
        {
            throw new UsageException("the role name is missing.");
        }

        if (permissions.Count == 0)
        {
            throw new UsageException("at least one --permission is needed (for example --permission login).");
        }

        var role = await users.AddRoleAsync(name, permissions, cancellationToken);
        await stdout.WriteLineAsync($"Added role '{role.Name}' (permissions: {string.Join(", ", role.Permissions)}).");
        return 0;
    }

    private static async Task<int> ListAsync(UserAdministration users, List<string> args, TextWriter stdout, CancellationToken cancellationToken)
    {
        if (args.Count > 0)
        {
            throw new UsageException($"unexpected '{args[0]}'.");
        }

        var roles = await users.ListRolesAsync(cancellationToken);
        if (roles.Count == 0)
        {
            await stdout.WriteLineAsync("No roles.");
            return 0;
        }

        var width = roles.Max(r => r.Name.Length) + 2;
        foreach (var role in roles)
        {
            await stdout.WriteLineAsync($"{role.Name.PadRight(width)}{(role.Permissions.Count == 0 ? "-" : string.Join(", ", role.Permissions))}");
        }

        return 0;
    }
}
