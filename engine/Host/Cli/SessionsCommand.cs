using System.Globalization;
using Pickup.Core.Auditing;
using Pickup.Data;
using Pickup.Data.Sessions;
using Pickup.Data.Users;

namespace Pickup.Host.Cli;

/// <summary>
/// <c>pickup sessions list [NAME]</c> shows the valid single sign-on sessions (all, or one user's) with the count of
/// each user's valid token families; <c>pickup sessions revoke NAME</c> ends every session of a user and revokes
/// their tokens. Errors go to stderr with exit status 1, usage errors with 2.
/// </summary>
internal static class SessionsCommand
{
    private const string ListUsage = "pickup sessions list [NAME]";
    private const string RevokeUsage = "pickup sessions revoke NAME";

    /// <summary>Runs one sessions sub-command.</summary>
    /// <param name="args">The words after <c>sessions</c>.</param>
    /// <param name="services">A provider with the data services registered and the database initialised.</param>
    /// <param name="stdout">Results.</param>
    /// <param name="stderr">Errors.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    /// <returns>0 on success, 1 when the request was refused, 2 for a usage error.</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        IServiceProvider services,
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
            "list" => ListUsage,
            "revoke" => RevokeUsage,
            _ => null,
        };
        if (usage is null)
        {
            await stderr.WriteLineAsync(command.Length == 0 ? "pickup sessions: a sub-command is needed." : $"pickup sessions: unknown sub-command '{command}'.");
            await stderr.WriteLineAsync($"usage: {ListUsage}{Environment.NewLine}       {RevokeUsage}");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var rest = args.Skip(1).ToList();
        return await CliArguments.RunDataCommandAsync($"sessions {command}", usage, stderr, async () =>
        {
            if (rest.Any(a => a.StartsWith('-')) || rest.Count > 1 || (command == "revoke" && rest.Count == 0))
            {
                throw new UsageException(rest.Count == 0 ? "the user name is missing." : $"unexpected '{rest.FirstOrDefault(a => a.StartsWith('-')) ?? rest[^1]}'.");
            }

            return command == "list"
                ? await ListAsync(provider, rest.SingleOrDefault(), stdout, cancellationToken)
                : await RevokeAsync(provider, rest[0], stdout, cancellationToken);
        });
    }

    private static async Task<int> ListAsync(IServiceProvider services, string? username, TextWriter stdout, CancellationToken cancellationToken)
    {
        var users = services.GetRequiredService<UserAdministration>();
        var store = services.GetRequiredService<SsoSessionStore>();
        var db = services.GetRequiredService<PickupDbContext>();
        string? userId = null;
        if (username is not null)
        {
            userId = (await users.FindAsync(username, cancellationToken) ?? throw new UserAdministrationException($"There is no user named '{username}'.")).Id;
        }

        var sessions = await store.ListAsync(userId, cancellationToken);
        if (sessions.Count == 0)
        {
            await stdout.WriteLineAsync(username is null ? "No single sign-on sessions." : $"No single sign-on sessions for '{username}'.");
        }

        var names = (await users.ListAsync(cancellationToken)).ToDictionary(u => u.Id, u => u.Username, StringComparer.Ordinal);
        foreach (var byUser in sessions.GroupBy(s => s.UserId, StringComparer.Ordinal))
        {
            var name = names.GetValueOrDefault(byUser.Key) ?? byUser.Key;
            var families = await UserTokens.CountValidAsync(db, byUser.Key, cancellationToken);
            await stdout.WriteLineAsync($"{name}: {byUser.Count()} session{(byUser.Count() == 1 ? string.Empty : "s")}, {families} valid token famil{(families == 1 ? "y" : "ies")}");
            foreach (var session in byUser)
            {
                await stdout.WriteLineAsync(
                    $"  sid {session.Id}  created {Time(session.CreatedAt)}  last seen {Time(session.LastSeenAt)}  expires {Time(store.EndOf(session))}");
                await stdout.WriteLineAsync($"    factors: {string.Join(", ", session.Factors.Keys)}");
                await stdout.WriteLineAsync($"    clients: {(session.Clients.Count == 0 ? "-" : string.Join(", ", session.Clients.Keys))}");
            }
        }

        if (username is not null && sessions.Count == 0)
        {
            var families = await UserTokens.CountValidAsync(db, userId!, cancellationToken);
            await stdout.WriteLineAsync($"{username}: {families} valid token famil{(families == 1 ? "y" : "ies")}");
        }

        return 0;
    }

    private static async Task<int> RevokeAsync(IServiceProvider services, string username, TextWriter stdout, CancellationToken cancellationToken)
    {
        var user = await services.GetRequiredService<UserAdministration>().FindAsync(username, cancellationToken)
                   ?? throw new UserAdministrationException($"There is no user named '{username}'.");
        var ended = await services.GetRequiredService<SsoSessionStore>().EndAllAsync(user.Id, "revoked by an administrator", cancellationToken);
        var families = await UserTokens.RevokeAsync(services.GetRequiredService<PickupDbContext>(), user.Id, cancellationToken);
        await services.GetRequiredService<IAuditLog>().WriteAsync(
            new AuditEvent(AuditEventTypes.SessionsRevoked) { UserId = user.Id, Username = user.Username, Detail = $"{ended.Count} sessions, {families} token families" },
            cancellationToken);
        foreach (var session in ended)
        {
            await stdout.WriteLineAsync($"Ended session {session.Id} (clients: {(session.Clients.Count == 0 ? "-" : string.Join(", ", session.Clients.Keys))}).");
        }

        await stdout.WriteLineAsync(
            $"Revoked {ended.Count} single sign-on session{(ended.Count == 1 ? string.Empty : "s")} and {families} token famil{(families == 1 ? "y" : "ies")} of '{user.Username}'.");
        return 0;
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
