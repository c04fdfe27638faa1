using Pickup.Abstractions.Configuration;
using Pickup.Core.Configuration.Loading;

namespace Pickup.Core.Configuration;

/// <summary>
/// Loads and validates everything under <c>&lt;home&gt;/conf</c>: <c>deployment.toml</c>, every
/// <c>identity-providers/*.toml</c> and every <c>service-providers/*.toml</c>.
/// </summary>
/// <remarks>
/// Never throws for an administrator's mistake: each problem becomes a <see cref="ConfigurationError"/> with the
/// file, line and column, and all of them are collected. Whether a plugin exists for an authenticator id is not
/// checked here; the host does that once the plugins are found.
/// </remarks>
public static class ConfigurationLoader
{
    /// <summary>Reads the configuration of a home.</summary>
    /// <param name="homeDirectory">The home (relative paths are taken from the current directory).</param>
    /// <param name="environment">Resolves <c>${env:NAME}</c>; null when the variable is unset. Defaults to the process environment.</param>
    /// <param name="pluginSections">
    /// The <c>deployment.toml</c> tables the plugins declared as theirs: each is validated by its plugin, and any
    /// other table the engine does not know is an error. Null when the plugins are not known (a command that only
    /// needs the database): tables the engine does not know are then left for the server's own check.
    /// </param>
    public static ConfigurationResult Load(
        string homeDirectory,
        Func<string, string?>? environment = null,
        IReadOnlyCollection<PluginConfigurationSection>? pluginSections = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(homeDirectory);
        var home = Path.GetFullPath(homeDirectory);
        var conf = Path.Combine(home, "conf");
        var context = new LoadContext(environment ?? Environment.GetEnvironmentVariable);

        var deployment = DeploymentFileReader.Read(Path.Combine(conf, "deployment.toml"), home, pluginSections, context);

        var identityProviderFiles = TomlFiles(Path.Combine(conf, "identity-providers"));
        var identityProviders = identityProviderFiles
            .Select(file => IdentityProviderFileReader.Read(file, context))
            .OfType<LoadedIdentityProvider>()
            .ToList();

        var serviceProviders = TomlFiles(Path.Combine(conf, "service-providers"))
            .Select(file => ServiceProviderFileReader.Read(file, context))
            .OfType<LoadedServiceProvider>()
            .ToList();

        CrossReferenceChecks.Check(deployment, identityProviders, identityProviders.Count == identityProviderFiles.Count, serviceProviders, context);

        var configuration = deployment is null
            ? null
            : new PickupConfiguration
            {
                HomeDirectory = home,
                Deployment = deployment.Options,
                Authenticators = deployment.Authenticators,
                IdentityProviders = [.. identityProviders.Select(p => p.Config)],
                ServiceProviders = [.. serviceProviders.Select(p => p.Config)],
                PluginSections = deployment.PluginSections,
            };
        return new ConfigurationResult(configuration, Sort(context.Errors));
    }

    private static List<string> TomlFiles(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.EnumerateFiles(directory, "*.toml")
            .Where(path => string.Equals(Path.GetExtension(path), ".toml", StringComparison.Ordinal))
            .OrderBy(path => Path.GetFileName(path), StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Problems by file (<c>conf/deployment.toml</c>, then <c>identity-providers/</c>, then <c>service-providers/</c>,
    /// each folder's files by name) and each file's top to bottom, as an editor shows them; the same problem said twice
    /// (two checks reaching one mistake) is said once.
    /// </summary>
    public static ConfigurationError[] Sort(IEnumerable<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return [.. errors
            .Distinct()
            .OrderBy(e => e.Location.File, StringComparer.Ordinal)
            .ThenBy(e => e.Location.Line)
            .ThenBy(e => e.Location.Column)];
    }
}
