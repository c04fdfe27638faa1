using Microsoft.Extensions.Logging.Abstractions;
using Pickup.Core.Configuration;
using Pickup.Data;
using Pickup.Data.Users;
using Pickup.Host.Cli;

// The `pickup` command line: one executable for the server and its administration.
const string Usage = """
    usage: pickup [--home DIR] COMMAND
      serve                      run the engine as <home>/conf says
      demo                       engine + Pickup Dispatch with the demo user alex
      config check               validate every TOML file (file:line:col: message)
      plugins list               plugins found, their ids, enabled or not
      plugins new NAME --id ID [--output DIR] | install DIR
      users add|list|show|set-claim|unlock|backup-codes|delete ...
      roles add|list ...
      truststore import --file CERT --alias NAME | list | remove NAME
      audit tail [-n N] [--type TYPE]
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
        ["plugins", "list"] => await ServerCommands.ListPluginsAsync(home),
        ["plugins", .. var rest] => await PluginsCommand.RunAsync(rest, home, Console.Out, Console.Error, cancel.Token),
        ["users", .. var rest] => await RunWithDataAsync(home, services => UsersCommand.RunAsync(rest, services, Console.In, Console.Out, Console.Error, cancel.Token), cancel.Token, UsersCommand.CanFixSharedValues(rest)),
        ["truststore", .. var rest] => await TruststoreCommand.RunAsync(rest, home, Console.Out, Console.Error),
        ["roles", .. var rest] => await RunWithDataAsync(home, services => RolesCommand.RunAsync(rest, services, Console.In, Console.Out, Console.Error, cancel.Token), cancel.Token),
        ["audit", .. var rest] => await RunWithDataAsync(home, services => AuditCommand.RunAsync(rest, services, Console.Out, Console.Error, cancel.Token), cancel.Token),
        ["help"] or ["--help"] or ["-h"] => PrintUsage(Console.Out, 0),
        _ => PrintUsage(Console.Error, 2),
    };
}
catch (UsageException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

static int PrintUsage(TextWriter writer, int exitCode)
{
    writer.WriteLine(Usage);
    return exitCode;
}

// User and role commands need the database only, not the web server or the plugins.
// While users share a value of a unique claim, only the commands that show or fix it run.
static async Task<int> RunWithDataAsync(string home, Func<IServiceProvider, Task<int>> run, CancellationToken cancellationToken, bool canFixSharedValues = false)
{
    // Only deployment.toml matters here: a service provider's unset ${env:...} secret must not stop an admin
    // from managing users.
    var loaded = ConfigurationLoader.Load(home);
    var blocking = loaded.Errors
        .Where(e => Path.GetFileName(e.Location.File) == "deployment.toml")
        .ToList();
    if (loaded.Configuration is null || blocking.Count > 0)
    {
        return ServerCommands.ReportErrors(loaded.Configuration is null ? loaded.Errors : blocking);
    }

    var deployment = loaded.Configuration!.Deployment;
    var services = new ServiceCollection()
        .AddSingleton(new UniqueClaims(loaded.Configuration.ServiceProviders.Select(s => s.SubjectClaimUri)))
        .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
        .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
        .AddPickupData(deployment.Database, deployment.Security.PasswordHash, home, deployment.Security.LoginLimits);
    await using var provider = (ServiceProvider)new DefaultServiceProviderFactory().CreateServiceProvider(services);
    await provider.InitializeDatabaseAsync(cancellationToken);
    var shared = await provider.EnforceUniqueClaimsAsync(cancellationToken);
    foreach (var problem in shared)
    {
        await Console.Error.WriteLineAsync($"{(canFixSharedValues ? "warning" : "error")}: {problem}");
    }

    if (shared.Count > 0 && !canFixSharedValues)
    {
        await Console.Error.WriteLineAsync("error: fix these first ('pickup users show|list|set-claim|delete' still run); nothing was changed.");
        return 1;
    }

    return await run(provider);
}
