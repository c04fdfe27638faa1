using Pickup.Abstractions.Commands;
using Pickup.Abstractions.Configuration;
using Pickup.Core.Plugins;

namespace Pickup.Host.Cli;

/// <summary>
/// <c>pickup GROUP NAME ARGS...</c> for a command a plugin contributes (<see cref="PickupCommand"/>), under an engine
/// group such as <c>users</c> or a group of the plugin's own. The command runs with the engine's data services and
/// its plugin's own registrations; <see cref="CommandUsageException"/> prints the message and the usage (exit 2).
/// </summary>
internal static class PluginCommandLine
{
    /// <summary>The engine's own command groups: a word after one of these is the engine's (except under <c>users</c>).</summary>
    /// <summary>True when <c>pickup GROUP NAME</c> is not the engine's, so a plugin may provide it.</summary>
    public static bool IsPluginCommand(string group, string name) =>
        !PluginContributionRegistry.IsEngineCommand(group, name);

    /// <summary>Runs the plugin command <c>pickup GROUP NAME</c> with <paramref name="arguments"/>.</summary>
    /// <returns>The command's exit status; 2 when no plugin contributes it.</returns>
    public static Task<int> RunAsync(
        string home,
        string group,
        string name,
        IReadOnlyList<string> arguments,
        Func<TextWriter, int> printUsage,
        CancellationToken cancellationToken)
    {
        PickupCommand? command = null;
        return DataCommandHost.RunAsync(
            home,
            async (services, _) =>
            {
                await using var scope = services.CreateAsyncScope();
                var context = new CommandContext
                {
                    Arguments = arguments,
                    Services = scope.ServiceProvider,
                    Input = Console.In,
                    Output = Console.Out,
                    Error = Console.Error,
                };
                return await CliArguments.RunDataCommandAsync($"{group} {name}", command!.Usage, Console.Error, async () =>
                {
                    try
                    {
                        return await command.RunAsync(context, cancellationToken);
                    }
                    catch (CommandUsageException exception)
                    {
                        throw new UsageException(exception.Message, exception);
                    }
                });
            },
            cancellationToken,
            prepare: async (contributions, catalog, services) =>
            {
                var found = contributions.FindCommand(group, name);
                if (found is null)
                {
                    return group == "users"
                        ? await UsersCommand.ReportUnknownAsync(name, PluginUsages(contributions, "users"), Console.Error)
                        : printUsage(Console.Error);
                }

                command = found.Value;
                try
                {
                    // The command's own plugin registers what it needs, as it would in the server.
                    catalog.CreateStartup(found.Plugin).ConfigureServices(services);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    return ServerCommands.ReportErrors([new ConfigurationError(
                        new SourceLocation(Path.GetRelativePath(Environment.CurrentDirectory, found.Plugin.AssemblyPath), 1, 1),
                        $"plugin {found.Plugin.Name} failed to register its services: {ex.GetType().Name}: {ex.Message}")]);
                }

                return null;
            });
    }

    /// <summary>The usage lines of the plugins' commands in <paramref name="group"/>, sorted.</summary>
    public static IReadOnlyList<string> PluginUsages(PluginContributionRegistry contributions, string group) =>
        [.. contributions.Commands.Where(c => c.Value.Group == group).Select(c => c.Value.Usage).Order(StringComparer.Ordinal)];
}
