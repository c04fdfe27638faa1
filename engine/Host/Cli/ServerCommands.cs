using Pickup.Abstractions.Configuration;
using Pickup.Core.Configuration;
using Pickup.Core.Plugins;
using Pickup.Host.Hosting;

namespace Pickup.Host.Cli;

/// <summary><c>serve</c>, <c>config check</c> and <c>plugins list</c>.</summary>
internal static class ServerCommands
{
    public static async Task<int> ServeAsync(string home, CancellationToken cancellationToken)
    {
        var built = await EngineHost.BuildAsync(new EngineOptions { HomeDirectory = home }, initializeStorage: true, cancellationToken);
        if (built.App is not { } app)
        {
            return ReportErrors(built.Errors);
        }

        await using (app)
        {
            await app.RunAsync();
        }

        return 0;
    }

    public static async Task<int> CheckConfigurationAsync(string home, CancellationToken cancellationToken)
    {
        var built = await EngineHost.BuildAsync(new EngineOptions { HomeDirectory = home }, initializeStorage: false, cancellationToken);
        if (built.App is not { } app)
        {
            return ReportErrors(built.Errors);
        }

        await app.DisposeAsync();
        foreach (var warning in built.Warnings)
        {
            await Console.Error.WriteLineAsync($"{warning.Location}: warning: {warning.Message}");
        }

        var conf = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(home, "conf"));
        await Console.Out.WriteLineAsync($"{conf}: configuration is valid");
        return 0;
    }

    public static async Task<int> ListPluginsAsync(string home)
    {
        var options = new EngineOptions { HomeDirectory = home };
        using var catalog = PluginCatalog.Open(options.PluginDirectories);
        var loaded = ConfigurationLoader.Load(home);
        var enabled = loaded.Configuration?.Authenticators.Where(a => a.Enable).Select(a => a.Id).ToHashSet(StringComparer.Ordinal)
                      ?? [];
        var providers = loaded.Configuration?.IdentityProviders.SelectMany(i => i.Federated)
                            .Where(f => f.Enable && f.Provider is not null).Select(f => f.Provider!).ToHashSet(StringComparer.Ordinal)
                        ?? [];
        foreach (var plugin in catalog.Plugins)
        {
            await Console.Out.WriteLineAsync($"{plugin.Name} {plugin.Version}");
            foreach (var id in plugin.Authenticators)
            {
                await Console.Out.WriteLineAsync($"  authenticator {id}: {(enabled.Contains(id) ? "enabled" : "not enabled")}");
            }

            foreach (var id in plugin.Provides)
            {
                await Console.Out.WriteLineAsync($"  provides {id}: {(providers.Contains(id) ? "in use" : "not in use")}");
            }
        }

        foreach (var failure in catalog.Failures)
        {
            await Console.Error.WriteLineAsync($"{failure.Directory}: {failure.Reason}");
        }

        if (!loaded.IsValid)
        {
            await Console.Error.WriteLineAsync("(the configuration has errors: run 'pickup config check')");
        }

        return catalog.Failures.Count == 0 ? 0 : 1;
    }

    public static int ReportErrors(IReadOnlyList<ConfigurationError> errors)
    {
        foreach (var error in errors)
        {
            Console.Error.WriteLine(error.ToString());
        }

        Console.Error.WriteLine($"{errors.Count} problem{(errors.Count == 1 ? string.Empty : "s")} in the configuration; the engine did not start.");
        return 1;
    }
}
