namespace Pickup.Host.Hosting;

/// <summary>How to start an engine: which home, which installation. Tests set more than the CLI does.</summary>
public sealed class EngineOptions
{
    /// <summary>The home (absolute): <c>conf/</c> is read from it, <c>data/</c> written into it.</summary>
    public required string HomeDirectory { get; init; }

    /// <summary>The installation: holds <c>plugins/</c> and <c>endpoints/</c>. Defaults to the host's own folder.</summary>
    public string InstallDirectory { get; init; } = AppContext.BaseDirectory;

    /// <summary>More folders of plugin folders, searched after the installation's <c>plugins/</c>.</summary>
    public IReadOnlyList<string> ExtraPluginDirectories { get; init; } = [];

    /// <summary>Resolves <c>${env:NAME}</c>; defaults to the process environment.</summary>
    public Func<string, string?>? Environment { get; init; }

    /// <summary>Where the development outbox prints codes; defaults to the console.</summary>
    public TextWriter? Console { get; init; }

    /// <summary>Last word on service registration (tests swap the clock, for instance).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>The plugin folders to search, in order: the installation's, then the home's own (a deployment's, surviving a rebuild).</summary>
    public IEnumerable<string> PluginDirectories =>
        new[] { Path.Combine(InstallDirectory, "plugins"), Path.Combine(HomeDirectory, "plugins") }.Concat(ExtraPluginDirectories);

    /// <summary>The page templates.</summary>
    public string EndpointsDirectory => Path.Combine(InstallDirectory, "endpoints");
}
