using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Pickup.Abstractions.Auditing;
using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Security;
using Pickup.Core.Auditing;
using Pickup.Core.Configuration;
using Pickup.Core.Plugins;
using Pickup.Core.Security;
using Pickup.Data;
using Pickup.Data.Auditing;
using Pickup.Data.Keys;
using Pickup.Data.Users;
using Pickup.Host.Hosting;
using Pickup.Host.Oidc;

namespace Pickup.Host.Cli;

/// <summary>
/// Runs an administration command with the engine's data services and the plugins' contributions, never the web
/// server: <c>pickup users|roles|audit ...</c> and every command a plugin contributes.
/// </summary>
internal static class DataCommandHost
{
    /// <summary>
    /// Loads <c>deployment.toml</c>, the plugin catalog and what the plugins contribute, registers the SDK services a
    /// command needs (user directory, credential store, audit trail, server secrets, clock), brings the database up to
    /// date and runs <paramref name="run"/>. While users share a value of a unique claim, only commands that
    /// <paramref name="canFixSharedValues"/> run.
    /// </summary>
    /// <param name="home">The home.</param>
    /// <param name="run">The command, given the services and the plugins' contributions.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    /// <param name="canFixSharedValues">True for commands that show users or give them other values.</param>
    /// <param name="prepare">
    /// Called before the services are built, with what the plugins contribute: may add services, or return an exit
    /// status to stop before the database is touched.
    /// </param>
    public static async Task<int> RunAsync(
        string home,
        Func<IServiceProvider, PluginContributionRegistry, Task<int>> run,
        CancellationToken cancellationToken,
        bool canFixSharedValues = false,
        Func<PluginContributionRegistry, IPluginCatalog, IServiceCollection, Task<int?>>? prepare = null)
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

        using var catalog = PluginCatalog.Open(new EngineOptions { HomeDirectory = home }.PluginDirectories);
        var contributions = PluginContributionRegistry.Collect(catalog);
        if (contributions.Errors.Count > 0)
        {
            return ServerCommands.ReportErrors(contributions.Errors);
        }

        var configuration = loaded.Configuration;
        ServerSecrets secrets;
        try
        {
            // The server secret (which encrypts plugin credentials) lives in the database with the other server keys.
            var encryption = ServerKeyEncryption.From(configuration.Deployment.Security);
            secrets = (await ServerKeySet.LoadAsync(configuration, home, encryption, NullLoggerFactory.Instance, cancellationToken)).Secrets;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            var file = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(home, "conf", "deployment.toml"));
            return ServerCommands.ReportErrors([new ConfigurationError(new SourceLocation(file, 1, 1), $"the server's keys could not be read or created: {ex.Message}")]);
        }

        var deployment = configuration.Deployment;
        var services = new ServiceCollection()
            .AddSingleton(new UniqueClaims(configuration.ServiceProviders.Select(s => s.SubjectClaimUri), contributions.ClaimRules.Select(r => r.Value)))
            .AddSingleton(contributions)
            .AddSingleton<IPluginCatalog>(catalog)
            .AddSingleton<IServerSecrets>(secrets)
            .AddSingleton(deployment.Session)
            .AddSingleton(deployment.Oidc)
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddPickupData(deployment.Database, deployment.Security.PasswordHash, home, deployment.Security.LoginLimits);
        services.TryAddSingleton<IAuditTrail, AuditTrail>();
        if (prepare is not null && await prepare(contributions, catalog, services) is { } stop)
        {
            return stop;
        }

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

        var exitCode = await run(provider, contributions);

        // What the command audited is stored before the process ends, however long the database makes it wait (the
        // container's disposal would give up after a few seconds, leaving the events only in a log nobody sees here).
        if (provider.GetRequiredService<IAuditLog>() is DatabaseAuditLog audit)
        {
            await audit.FlushAsync(cancellationToken);
        }

        return exitCode;
    }

    /// <summary>The usage lines of the commands plugins contribute (without the leading <c>pickup</c>), for <c>pickup help</c>; none when the plugins cannot be read.</summary>
    public static IReadOnlyList<string> PluginUsages(string home)
    {
        using var catalog = PluginCatalog.Open(new EngineOptions { HomeDirectory = home }.PluginDirectories);
        var contributions = PluginContributionRegistry.Collect(catalog);
        return [.. contributions.Commands.Select(c => WithoutProgramName(c.Value.Usage)).Order(StringComparer.Ordinal)];
    }

    /// <summary><c>pickup GROUP NAME ARGS</c> as <c>GROUP NAME ARGS</c>.</summary>
    public static string WithoutProgramName(string usage) =>
        usage.StartsWith("pickup ", StringComparison.Ordinal) ? usage["pickup ".Length..] : usage;
}
