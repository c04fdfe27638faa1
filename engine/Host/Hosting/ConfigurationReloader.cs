using System.Runtime.InteropServices;
using System.Text.Json;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Configuration;
using Pickup.Core.Auditing;
using Pickup.Core.Configuration;
using Pickup.Core.Flow;
using Pickup.Core.Plugins;
using Pickup.Core.Templates;
using Pickup.Data.Users;
using Pickup.Host.Endpoints;
using Pickup.Host.Oidc;

namespace Pickup.Host.Hosting;

/// <summary>What a reload did.</summary>
public enum ReloadResult
{
    /// <summary>The files were the ones in use: nothing to do.</summary>
    Unchanged,

    /// <summary>The new configuration is in use for new steps.</summary>
    Reloaded,

    /// <summary>The new configuration had problems: nothing changed.</summary>
    Rejected,
}

/// <summary>A reload's result and, when rejected, every problem.</summary>
public sealed record ReloadOutcome(ReloadResult Result, IReadOnlyList<ConfigurationError> Problems);

/// <summary>What a reload needs from start-up: how the engine was built, to build a new configuration the same way.</summary>
internal sealed record ReloadSources(
    EngineOptions Options,
    PickupConfiguration StartConfiguration,
    IPluginCatalog Catalog,
    PluginContributionRegistry Contributions,
    IReadOnlyList<PluginDescriptor> StartedPlugins,
    IReadOnlyList<ServiceDescriptor> FactoryRegistrations,
    IReadOnlyList<PageRoot> PageRoots,
    IReadOnlySet<string> UniqueClaimUris)
{
    /// <summary>The folders whose files make a configuration: conf/ and the theme's.</summary>
    public IReadOnlyList<string> WatchedDirectories(PickupConfiguration configuration) =>
        configuration.ThemeDirectory is { } theme
            ? [Path.Combine(Options.HomeDirectory, "conf"), theme]
            : [Path.Combine(Options.HomeDirectory, "conf")];
}

/// <summary>
/// Live configuration: watches <c>&lt;home&gt;/conf/</c> (and the theme's folder), reloads on <c>SIGHUP</c>, and on a change
/// validates the new configuration completely, as start-up does, before new steps use it. An invalid one changes
/// nothing: every problem is logged and audited (<see cref="AuditEventTypes.ConfigRejected"/>) and the engine keeps
/// serving. What is read at start only (<c>[server]</c>, <c>[database]</c>, <c>[session]</c>, <c>[security]</c>,
/// <c>[oidc]</c>, <c>[ui] theme</c>, a plugin not loaded at start, a new subject claim) is refused the same way, with the
/// sentence that a restart is needed. Once per server.
/// </summary>
internal sealed class ConfigurationReloader : IHostedService, IDisposable
{
    /// <summary>How long the files must be quiet before a reload: an editor's save is several events.</summary>
    internal static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan MaxSettle = TimeSpan.FromSeconds(2);

    private static readonly JsonSerializerOptions Comparison = new() { IncludeFields = false };

    private readonly ReloadSources _sources;
    private readonly LiveConfiguration _live;
    private readonly IServiceProvider _services;
    private readonly ILogger<ConfigurationReloader> _logger;
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _settle;
    private readonly CancellationTokenSource _stopping = new();
    private PosixSignalRegistration? _hangUp;
    private volatile bool _explicitPending;

    // When the first change not yet reloaded was seen (ticks of Environment.TickCount64; 0 when none): a stream of
    // changes postpones a reload by Settle each, but never beyond MaxSettle after the first.
    private long _pendingSince;

    public ConfigurationReloader(ReloadSources sources, LiveConfiguration live, IServiceProvider services, ILogger<ConfigurationReloader> logger)
    {
        _sources = sources;
        _live = live;
        _services = services;
        _logger = logger;
        _settle = new Timer(_ => _ = RunScheduledAsync(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>The file where a serving engine writes its process id, for <c>pickup config reload</c>.</summary>
    public static string PidFile(string home) => Path.Combine(home, "data", "engine.pid");

    /// <summary>
    /// The file <c>pickup config reload</c> writes to ask for a reload: a folder of its own under <c>data/</c> (only the
    /// engine's user may write there), watched alone so the database's writes next to it wake nothing. A signal is not
    /// enough: a process started under <c>nohup</c> inherits an ignored <c>SIGHUP</c>, and .NET keeps it ignored.
    /// </summary>
    public static string RequestFile(string home) => Path.Combine(home, "data", "reload", "request");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var directory in _sources.WatchedDirectories(_live.Current.Configuration).Where(Directory.Exists))
        {
            FileSystemWatcher watcher;
            try
            {
                watcher = new FileSystemWatcher(directory)
                {
                    IncludeSubdirectories = true,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                };
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                _logger.LogWarning("Cannot watch {Directory} for configuration changes ({Error}); SIGHUP and `pickup config reload` still reload", directory, ex.Message);
                continue;
            }

            watcher.Changed += (_, _) => Schedule(false);
            watcher.Created += (_, _) => Schedule(false);
            watcher.Deleted += (_, _) => Schedule(false);
            watcher.Renamed += (_, _) => Schedule(false);
            watcher.Error += (_, e) =>
            {
                _logger.LogWarning("Watching {Directory} for configuration changes failed ({Error}); reloading to catch up", directory, e.GetException().Message);
                Schedule(false);
            };
            try
            {
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // inotify's limits (fs.inotify.max_user_instances / max_user_watches) reached.
                watcher.Dispose();
                _logger.LogWarning("Cannot watch {Directory} for configuration changes ({Error}); SIGHUP and `pickup config reload` still reload", directory, ex.Message);
            }
        }

        WatchRequests();
        if (!OperatingSystem.IsWindows())
        {
            _hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true; // a hang-up asks for a reload here, never a stop
                _logger.LogInformation("SIGHUP: reloading the configuration");
                Schedule(true);
            });
        }

        var pidFile = PidFile(_sources.Options.HomeDirectory);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(pidFile)!);
            File.WriteAllText(pidFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Could not write {PidFile} ({Error}): `pickup config reload` cannot find this engine; SIGHUP and file changes still reload", pidFile, ex.Message);
        }

        // An edit made while the engine was starting is not missed: a first look once it serves.
        Schedule(false);
        return Task.CompletedTask;
    }

    // pickup config reload: a write to RequestFile asks for a reload, audited even when nothing changed.
    private void WatchRequests()
    {
        var file = RequestFile(_sources.Options.HomeDirectory);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var watcher = new FileSystemWatcher(Path.GetDirectoryName(file)!, Path.GetFileName(file))
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Changed += (_, _) => Schedule(true);
            watcher.Created += (_, _) => Schedule(true);
            watcher.Renamed += (_, _) => Schedule(true);
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            _logger.LogWarning("Cannot watch {File} for reload requests ({Error}): `pickup config reload` falls back to SIGHUP", file, ex.Message);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        foreach (var watcher in _watchers)
        {
            watcher.EnableRaisingEvents = false;
        }

        var pidFile = PidFile(_sources.Options.HomeDirectory);
        try
        {
            if (File.Exists(pidFile) && File.ReadAllText(pidFile).Trim() == Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                File.Delete(pidFile);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another engine's file, or none: nothing to clean up.
        }
    }

    public void Dispose()
    {
        _hangUp?.Dispose();
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _settle.Dispose();
        _one.Dispose();
        _stopping.Dispose();
    }

    private void Schedule(bool requested)
    {
        if (requested)
        {
            _explicitPending = true;
        }

        var now = Environment.TickCount64;
        var since = Interlocked.CompareExchange(ref _pendingSince, now, 0);
        if (since != 0 && now - since > MaxSettle.TotalMilliseconds)
        {
            return; // Already due: the timer set before fires soon.
        }

        try
        {
            _settle.Change(Settle, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private async Task RunScheduledAsync()
    {
        Interlocked.Exchange(ref _pendingSince, 0);
        var requested = _explicitPending;
        _explicitPending = false;
        try
        {
            await ReloadAsync(requested, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Reloading the configuration failed; the engine keeps serving the configuration it had");
        }
    }

    /// <summary>
    /// Reads and validates the configuration; when the files differ from those in use and all is valid, new steps use it.
    /// </summary>
    /// <param name="requested">True when an administrator asked (SIGHUP): audited even when nothing changed.</param>
    /// <param name="cancellationToken">Stops the reload.</param>
    public async Task<ReloadOutcome> ReloadAsync(bool requested, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            return await ReloadLockedAsync(requested, cancellationToken);
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<ReloadOutcome> ReloadLockedAsync(bool requested, CancellationToken cancellationToken)
    {
        var home = _sources.Options.HomeDirectory;
        var conf = Path.Combine(home, "conf");
        var audit = _services.GetRequiredService<IAuditLog>();
        var current = _live.Current;

        // The theme's folder is part of the fingerprint; a changed theme is refused below (read at start only).
        var id = await ConfigurationAudit.TotalFingerprintAsync(_sources.WatchedDirectories(current.Configuration), cancellationToken);
        if (id == current.Id)
        {
            if (requested)
            {
                _logger.LogInformation("Configuration reload asked for: the files are the ones in use, nothing changed");
                await ConfigurationAudit.RecordAsync(audit, AuditEventTypes.ConfigReloaded, conf, null, cancellationToken);
            }

            return new ReloadOutcome(ReloadResult.Unchanged, []);
        }

        var (generation, problems) = Build(id);
        if (problems.Count > 0)
        {
            var ordered = problems
                .Distinct()
                .OrderBy(p => p.Location.File, StringComparer.Ordinal)
                .ThenBy(p => p.Location.Line)
                .ThenBy(p => p.Location.Column)
                .ToList();
            foreach (var problem in ordered)
            {
                _logger.LogError("{Location}: {Problem}", problem.Location, problem.Message);
            }

            _logger.LogError(
                "The changed configuration was refused ({Count} problem(s) above); the engine keeps serving the configuration it had. Fix the files, or run `pickup config check`",
                ordered.Count);
            await ConfigurationAudit.RecordAsync(
                audit,
                AuditEventTypes.ConfigRejected,
                conf,
                string.Join("; ", ordered.Select(p => $"{p.Location}: {p.Message}")),
                cancellationToken);
            return new ReloadOutcome(ReloadResult.Rejected, ordered);
        }

        // The clients OpenIddict checks (redirect URIs, secrets, scopes) before the steps that lead to them.
        await ClientSynchronizer.SynchronizeAsync(_services, generation!.Configuration.ServiceProviders, cancellationToken);
        _live.Activate(generation);
        var written = await ConfigurationAudit.RecordAsync(audit, AuditEventTypes.ConfigReloaded, conf, null, cancellationToken);
        foreach (var warning in SubjectClaimWarnings.Find(generation.Configuration, generation.Registry).Concat(generation.Registry.PageWarnings))
        {
            _logger.LogWarning("{Location}: {Warning}", warning.Location, warning.Message);
        }

        _logger.LogInformation("Configuration reloaded: new steps use it, logins in progress finish as they began ({Detail})", Changes(written.Detail));
        return new ReloadOutcome(ReloadResult.Reloaded, []);
    }

    // "sha256=... changed: X | files" → "changed: X".
    private static string Changes(string? detail)
    {
        if (detail is null)
        {
            return string.Empty;
        }

        var start = detail.IndexOf("changed:", StringComparison.Ordinal);
        var end = detail.LastIndexOf(" | ", StringComparison.Ordinal);
        return start < 0 ? detail : end > start ? detail[start..end] : detail[start..];
    }

    /// <summary>Everything start-up checks, on the files as they are now; the generation when there is no problem.</summary>
    private (ConfigurationGeneration? Generation, List<ConfigurationError> Problems) Build(string id)
    {
        var options = _sources.Options;
        var loaded = ConfigurationLoader.Load(
            options.HomeDirectory,
            options.Environment,
            [.. _sources.Contributions.ConfigurationSections.Select(c => c.Value)]);
        var problems = new List<ConfigurationError>(loaded.Errors);
        if (loaded.Configuration is not { } configuration)
        {
            return (null, problems);
        }

        problems.AddRange(RestartOnly(configuration));
        var (needed, selectionErrors) = PluginSelection.Select(configuration, _sources.Catalog);
        problems.AddRange(selectionErrors);
        foreach (var plugin in needed.Where(p => !_sources.StartedPlugins.Any(s => s.Name == p.Name)))
        {
            problems.Add(new ConfigurationError(
                PluginSelection.LocationOf(plugin, configuration),
                $"this needs plugin {plugin.Name}, which the engine did not load at start: restart the engine to load it"));
        }

        var factories = new List<IAuthenticatorFactory>();
        foreach (var registration in _sources.FactoryRegistrations)
        {
            try
            {
                factories.Add(NewFactory(registration));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                var type = registration.ImplementationType ?? registration.ImplementationInstance?.GetType();
                problems.Add(new ConfigurationError(
                    new SourceLocation(DeploymentFile(options.HomeDirectory), 1, 1),
                    $"an authenticator factory{(type is null ? string.Empty : $" ({type.FullName})")} could not be created again: {ex.GetType().Name}: {ex.Message}; restart the engine"));
            }
        }

        var renderer = new TemplateRenderer(_sources.PageRoots);
        var registry = new AuthenticatorRegistry(configuration, factories);
        try
        {
            problems.AddRange(PluginSelection.Unreported(registry.Initialize(renderer.Exists), selectionErrors));
            problems.AddRange(renderer.ValidateAll(EnginePages.Declared.Concat(registry.Pages)));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A plugin's bug while reading its parameters: the admin's message, the old configuration kept.
            problems.Add(new ConfigurationError(
                new SourceLocation(DeploymentFile(options.HomeDirectory), 1, 1),
                $"an authenticator failed while reading the new configuration: {ex.GetType().Name}: {ex.Message}"));
        }

        return (problems.Count == 0 ? new ConfigurationGeneration(id, registry, renderer) : null, [.. ConfigurationLoader.Sort(problems)]);
    }

    // A factory made the way its plugin registered it: a new instance, so the one serving logins in progress keeps its
    // parameters. One registered as an instance cannot be made again: it is configured again only when its
    // authenticator's table is unchanged, else the change needs a restart.
    private IAuthenticatorFactory NewFactory(ServiceDescriptor registration)
    {
        if (registration.ImplementationFactory is { } make)
        {
            return (IAuthenticatorFactory)make(_services);
        }

        if (registration.ImplementationType is { } type)
        {
            return (IAuthenticatorFactory)ActivatorUtilities.CreateInstance(_services, type);
        }

        throw new InvalidOperationException("the plugin registered it as an instance (register the type, or a factory, for live reloads)");
    }

    private IEnumerable<ConfigurationError> RestartOnly(PickupConfiguration next)
    {
        var start = _sources.StartConfiguration;
        var file = DeploymentFile(start.HomeDirectory);
        var sections = new (string Name, object Before, object After)[]
        {
            ("[server]", start.Deployment.Server, next.Deployment.Server),
            ("[database]", start.Deployment.Database, next.Deployment.Database),
            ("[session]", start.Deployment.Session, next.Deployment.Session),
            ("[security]", start.Deployment.Security, next.Deployment.Security),
            ("[oidc]", start.Deployment.Oidc, next.Deployment.Oidc),
            ("[ui]", start.Deployment.Ui, next.Deployment.Ui),
        };
        foreach (var (name, before, after) in sections)
        {
            // Compared, never shown: some hold secrets.
            if (JsonSerializer.Serialize(before, before.GetType(), Comparison) != JsonSerializer.Serialize(after, after.GetType(), Comparison))
            {
                yield return new ConfigurationError(
                    new SourceLocation(file, 1, 1),
                    $"{name} changed: it is read at start only; restart the engine to apply it (nothing of this edit was applied)");
            }
        }

        foreach (var claim in next.ServiceProviders.Select(s => s.SubjectClaimUri).Where(c => !_sources.UniqueClaimUris.Contains(c)).Distinct(StringComparer.Ordinal))
        {
            var serviceProvider = next.ServiceProviders.First(s => s.SubjectClaimUri == claim);
            yield return new ConfigurationError(
                serviceProvider.SubjectClaimUriLocation ?? serviceProvider.Location,
                $"subject claim {claim} is new: the engine checks at start that no two users share a subject's value; restart the engine to use it");
        }
    }

    private static string DeploymentFile(string home) =>
        Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(home, "conf", "deployment.toml"));
}
