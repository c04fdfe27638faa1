using Pickup.Core.Configuration;
using Pickup.Host.Cli;

// The `pickup` command line: one executable for the server and its administration.
const string Usage = """
    usage: pickup [--home DIR] COMMAND
      serve                      run the engine as <home>/conf says
      demo                       engine + Pickup Dispatch with the demo user alex
      config check               validate every TOML file (file:line:col: message)
      config reload              have the running engine re-read conf/ (refused: nothing changes)
      plugins list               plugins found, their ids, enabled or not
      plugins new NAME --id ID [--output DIR] | install DIR
      users add|list|show|set-claim|unlock|delete ...
      roles add|list ...
      truststore import --file CERT --alias NAME | list | remove NAME
      keys list | rotate [--now]
      audit tail [-n N] [--type TYPE]
      sessions list [NAME] | revoke NAME
    """;

try
{
    var commandLine = CommandLine.Parse(args);
    var home = HomeDirectory.Resolve(commandLine.Home);
    var words = commandLine.Words.ToArray();
    using var cancel = new CancellationTokenSource();
    return words switch
    {
        ["serve"] => await ServerCommands.ServeAsync(home, cancel.Token),
        ["demo"] => await DemoCommand.RunAsync(home, cancel.Token),
        ["config", "check"] => await ServerCommands.CheckConfigurationAsync(home, cancel.Token),
        ["config", "reload"] => await ReloadCommand.RunAsync(home, Console.Out, Console.Error, cancel.Token),
        ["plugins", "list"] => await ServerCommands.ListPluginsAsync(home),
        ["plugins", .. var rest] => await PluginsCommand.RunAsync(rest, home, Console.Out, Console.Error, cancel.Token),
        [var group, var name, .. var rest] when PluginCommandLine.IsPluginCommand(group, name) =>
            await PluginCommandLine.RunAsync(home, group, name, rest, writer => PrintUsage(writer, 2, home), cancel.Token),
        ["users", .. var rest] => await DataCommandHost.RunAsync(home, (services, plugins) => UsersCommand.RunAsync(rest, services, PluginCommandLine.PluginUsages(plugins, "users"), Console.In, Console.Out, Console.Error, cancel.Token), cancel.Token, UsersCommand.CanFixSharedValues(rest)),
        ["truststore", .. var rest] => await TruststoreCommand.RunAsync(rest, home, Console.Out, Console.Error),
        ["roles", .. var rest] => await DataCommandHost.RunAsync(home, (services, _) => RolesCommand.RunAsync(rest, services, Console.In, Console.Out, Console.Error, cancel.Token), cancel.Token),
        ["keys", .. var rest] => await DataCommandHost.RunAsync(home, (services, _) => KeysCommand.RunAsync(rest, services, Console.Out, Console.Error, cancel.Token), cancel.Token),
        ["audit", .. var rest] => await DataCommandHost.RunAsync(home, (services, _) => AuditCommand.RunAsync(rest, services, Console.Out, Console.Error, cancel.Token), cancel.Token),
        ["sessions", .. var rest] => await DataCommandHost.RunAsync(home, (services, _) => SessionsCommand.RunAsync(rest, services, Console.Out, Console.Error, cancel.Token), cancel.Token),
        ["help"] or ["--help"] or ["-h"] => PrintUsage(Console.Out, 0, home),
        _ => PrintUsage(Console.Error, 2, home),
    };
}
catch (UsageException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

// The engine's commands, then those the installed plugins contribute.
static int PrintUsage(TextWriter writer, int exitCode, string home)
{
    writer.WriteLine(Usage);
    foreach (var usage in DataCommandHost.PluginUsages(home))
    {
        writer.WriteLine("  " + usage);
    }

    return exitCode;
}
