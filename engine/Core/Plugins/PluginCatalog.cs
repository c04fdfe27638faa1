using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pickup.Abstractions.Plugins;

namespace Pickup.Core.Plugins;

/// <summary>
/// Loads each <c>&lt;dir&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c> in its own load context (McMaster.NETCore.Plugins) and
/// reads its <see cref="PickupPluginAttribute"/>. The SDK and the framework are shared with the host, so the
/// plugin's types cast to the host's interfaces. A contract assembly (<c>*.Contracts.dll</c>) carried by plugins
/// that provide and consume one service is loaded once, into the host's context, and shared with every plugin, so
/// a provider's implementation casts to the interface its consumer asks for.
/// </summary>
public sealed class PluginCatalog : IPluginCatalog, IDisposable
{
    private static readonly Type[] SharedTypes =
    [
        typeof(IPickupPlugin),
        typeof(IServiceCollection),
        typeof(ILogger),
    ];

    private const string ContractSuffix = ".Contracts";

    // Contract assemblies loaded into the host's context, by simple name: once per process, whichever catalog came first.
    private static readonly ConcurrentDictionary<string, Assembly> LoadedContracts = new(StringComparer.OrdinalIgnoreCase);
    private static int _resolverInstalled;

    private readonly List<PluginLoader> _loaders = [];
    private readonly List<AssemblyName> _sharedContracts = [];
    private readonly Dictionary<string, string> _contractConflicts = new(StringComparer.Ordinal);
    private readonly Dictionary<PluginDescriptor, Type> _startupTypes = [];
    private readonly List<PluginDescriptor> _plugins = [];
    private readonly List<PluginLoadFailure> _failures = [];

    private PluginCatalog()
    {
    }

    /// <inheritdoc />
    public IReadOnlyList<PluginDescriptor> Plugins => _plugins;

    /// <inheritdoc />
    public IReadOnlyList<PluginLoadFailure> Failures => _failures;

    /// <inheritdoc />
    public IReadOnlyList<string> SharedContracts => [.. _sharedContracts.Select(a => $"{a.Name} {a.Version}")];

    /// <summary>Opens every plugin folder under each of <paramref name="pluginDirectories"/> (missing ones are skipped).</summary>
    public static PluginCatalog Open(IEnumerable<string> pluginDirectories)
    {
        ArgumentNullException.ThrowIfNull(pluginDirectories);
        var catalog = new PluginCatalog();
        var folders = pluginDirectories.Where(Directory.Exists)
            .Select(Path.GetFullPath)
            .Distinct(StringComparer.Ordinal)
            .SelectMany(root => Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            .Where(folder => !IsSourceFolder(folder))
            .ToList();
        catalog.ShareContracts(folders);
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var folder in folders)
        {
            // The installation's plugins come first; a deployment's own (<home>/plugins) may not shadow one of them.
            var name = Path.GetFileName(folder);
            if (seen.TryGetValue(name, out var first))
            {
                catalog._failures.Add(new PluginLoadFailure(folder, $"a plugin named {name} is also in {first}; remove one of the two folders"));
                continue;
            }

            seen[name] = folder;
            catalog.Load(folder);
        }

        return catalog;
    }

    // A plugin's source (a project file, no built assembly): <home>/plugins of a checkout holds the sources of the
    // plugins the installation ships; they are not plugins to load.
    private static bool IsSourceFolder(string folder) =>
        !File.Exists(Path.Combine(folder, Path.GetFileName(folder) + ".dll"))
        && Directory.EnumerateFiles(folder, "*.csproj").Any();

    /// <inheritdoc />
    public IPickupPlugin CreateStartup(PluginDescriptor plugin)
    {
        var type = _startupTypes[plugin];
        return (IPickupPlugin)Activator.CreateInstance(type)!;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var loader in _loaders)
        {
            loader.Dispose();
        }
    }

    // Every *.Contracts.dll of every folder: one version per contract, loaded once into the host's context. Plugins
    // carrying a version other than the shared one cannot share its types: they are refused, naming both versions.
    private void ShareContracts(IReadOnlyList<string> folders)
    {
        var carried = new List<(string Folder, string Path, AssemblyName Name)>();
        foreach (var folder in folders)
        {
            foreach (var path in Directory.GetFiles(folder, "*" + ContractSuffix + ".dll").Order(StringComparer.Ordinal))
            {
                try
                {
                    carried.Add((folder, path, AssemblyName.GetAssemblyName(path)));
                }
                catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or IOException)
                {
                    _contractConflicts[folder] = $"its contract assembly {Path.GetFileName(path)} could not be read: {ex.Message}";
                }
            }
        }

        foreach (var contract in carried.GroupBy(c => c.Name.Name!, StringComparer.OrdinalIgnoreCase))
        {
            var versions = contract.GroupBy(c => c.Name.Version).ToList();
            if (versions.Count > 1)
            {
                var which = string.Join("; ", versions.Select(v => $"{v.Key} in {string.Join(", ", v.Select(c => Path.GetFileName(c.Folder)))}"));
                foreach (var (folder, _, _) in contract)
                {
                    _contractConflicts[folder] =
                        $"plugins carry different versions of the shared contract {contract.Key} ({which}); rebuild them against one version";
                }

                continue;
            }

            var first = contract.First();
            try
            {
                var shared = LoadContract(first.Path, first.Name);
                if (shared.GetName().Version != first.Name.Version)
                {
                    foreach (var (folder, _, _) in contract)
                    {
                        _contractConflicts[folder] =
                            $"it carries the shared contract {contract.Key} {first.Name.Version}, but {shared.GetName().Version} is already loaded; rebuild it against that version";
                    }

                    continue;
                }

                _sharedContracts.Add(shared.GetName());
            }
            catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or FileNotFoundException)
            {
                foreach (var (folder, _, _) in contract)
                {
                    _contractConflicts[folder] = $"the shared contract {contract.Key} could not be loaded: {ex.Message}";
                }
            }
        }
    }

    private static Assembly LoadContract(string path, AssemblyName name)
    {
        if (Interlocked.Exchange(ref _resolverInstalled, 1) == 0)
        {
            // The host never references a contract: when a plugin's context defers to the host's, this finds it.
            AssemblyLoadContext.Default.Resolving += (_, wanted) =>
                wanted.Name is { } simple && LoadedContracts.TryGetValue(simple, out var known) ? known : null;
        }

        return LoadedContracts.GetOrAdd(name.Name!, _ => FromHost(name) ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path)));
    }

    // A host (or test) that references the contract itself already has it: that copy is the one to share.
    private static Assembly? FromHost(AssemblyName name)
    {
        try
        {
            return AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(name.Name!));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private void Load(string folder)
    {
        var name = Path.GetFileName(folder);
        if (_contractConflicts.TryGetValue(folder, out var conflict))
        {
            _failures.Add(new PluginLoadFailure(folder, conflict));
            return;
        }

        var assemblyPath = Path.Combine(folder, name + ".dll");
        if (!File.Exists(assemblyPath))
        {
            _failures.Add(new PluginLoadFailure(folder, $"no main assembly: expected {name}.dll in the folder"));
            return;
        }

        PluginLoader? loader = null;
        try
        {
            // Before any of its types is touched: a plugin built against another SDK major fails in odd places later.
            if (SdkReference.Refusal(name, assemblyPath) is { } refusal)
            {
                _failures.Add(new PluginLoadFailure(folder, refusal));
                return;
            }

            loader = PluginLoader.CreateFromAssemblyFile(
                assemblyPath,
                sharedTypes: SharedTypes,
                configure: config =>
                {
                    config.PreferSharedTypes = true;
                    foreach (var contract in _sharedContracts)
                    {
                        config.SharedAssemblies.Add(contract);
                    }
                });
            var assembly = loader.LoadDefaultAssembly();
            var declaration = assembly.GetCustomAttribute<PickupPluginAttribute>();
            if (declaration is null)
            {
                _failures.Add(new PluginLoadFailure(folder, "the assembly has no [assembly: PickupPlugin(...)] declaration"));
                loader.Dispose();
                return;
            }

            var startup = declaration.StartupType;
            if (!typeof(IPickupPlugin).IsAssignableFrom(startup) || startup.GetConstructor(Type.EmptyTypes) is null)
            {
                _failures.Add(new PluginLoadFailure(
                    folder,
                    $"{startup.FullName} must implement IPickupPlugin and have a public parameterless constructor"));
                loader.Dispose();
                return;
            }

            var descriptor = new PluginDescriptor(
                name,
                assemblyPath,
                declaration.Authenticators,
                declaration.Provides,
                assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");
            _plugins.Add(descriptor);
            _startupTypes[descriptor] = startup;
            _loaders.Add(loader);
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or FileNotFoundException
                                       or TypeLoadException or ReflectionTypeLoadException or InvalidOperationException)
        {
            loader?.Dispose();
            _failures.Add(new PluginLoadFailure(folder, $"could not be loaded: {ex.Message}"));
        }
    }
}
