using System.Reflection;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pickup.Abstractions.Plugins;

namespace Pickup.Core.Plugins;

/// <summary>
/// Loads each <c>&lt;dir&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c> in its own load context (McMaster.NETCore.Plugins) and
/// reads its <see cref="PickupPluginAttribute"/>. The SDK and the framework are shared with the host, so the
/// plugin's types cast to the host's interfaces.
/// </summary>
public sealed class PluginCatalog : IPluginCatalog, IDisposable
{
    private static readonly Type[] SharedTypes =
    [
        typeof(IPickupPlugin),
        typeof(IServiceCollection),
        typeof(ILogger),
    ];

    private readonly List<PluginLoader> _loaders = [];
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

    /// <summary>Opens every plugin folder under each of <paramref name="pluginDirectories"/> (missing ones are skipped).</summary>
    public static PluginCatalog Open(IEnumerable<string> pluginDirectories)
    {
        ArgumentNullException.ThrowIfNull(pluginDirectories);
        var catalog = new PluginCatalog();
        foreach (var root in pluginDirectories.Where(Directory.Exists))
        {
            foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            {
                catalog.Load(folder);
            }
        }

        return catalog;
    }

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

    private void Load(string folder)
    {
        var name = Path.GetFileName(folder);
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
                configure: config => config.PreferSharedTypes = true);
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
                declaration.SmsProviders,
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
