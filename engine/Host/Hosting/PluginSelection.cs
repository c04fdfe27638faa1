using Pickup.Abstractions.Configuration;
using Pickup.Core.Configuration;
using Pickup.Core.Plugins;

namespace Pickup.Host.Hosting;

/// <summary>Picks the plugins the configuration needs, and says precisely what is missing.</summary>
internal static class PluginSelection
{
    /// <summary>Where the configuration first names one of the plugin's ids.</summary>
    public static SourceLocation LocationOf(PluginDescriptor plugin, PickupConfiguration configuration)
    {
        var table = configuration.Authenticators.FirstOrDefault(a => a.Enable && plugin.Authenticators.Contains(a.Id, StringComparer.Ordinal));
        if (table is not null)
        {
            return table.Location;
        }

        var federated = configuration.IdentityProviders.SelectMany(i => i.Federated)
            .First(f => f.Provider is not null && plugin.Provides.Contains(f.Provider, StringComparer.Ordinal));
        return federated.Properties.TryGetValue("provider", out var value) ? value.Location : federated.Location;
    }

    /// <summary>
    /// The authenticators' own problems, less those at a key the selection already reported (an authenticator or
    /// provider id no plugin provides): there, "registered no factory" or "provider not loaded" only repeats it.
    /// </summary>
    public static IEnumerable<ConfigurationError> Unreported(IEnumerable<ConfigurationError> problems, IReadOnlyList<ConfigurationError> selectionErrors)
    {
        var reported = selectionErrors.Select(e => e.Location).ToHashSet();
        return problems.Where(p => !reported.Contains(p.Location));
    }

    public static (IReadOnlyList<PluginDescriptor> Needed, IReadOnlyList<ConfigurationError> Errors) Select(
        PickupConfiguration configuration,
        IPluginCatalog catalog)
    {
        var needed = new List<PluginDescriptor>();
        var errors = new List<ConfigurationError>();

        foreach (var table in configuration.Authenticators.Where(a => a.Enable))
        {
            var providers = catalog.Plugins.Where(p => p.Authenticators.Contains(table.Id, StringComparer.Ordinal)).ToList();
            AddOrReport(table.Id, "authenticator", providers, table.Location, catalog.Plugins.SelectMany(p => p.Authenticators));
        }

        var enabledAuthenticators = configuration.Authenticators.Where(a => a.Enable).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var federated in configuration.IdentityProviders
                     .SelectMany(i => i.Federated)
                     .Where(f => f.Enable && f.Provider is not null && enabledAuthenticators.Contains(f.AuthenticatorId)))
        {
            var location = federated.Properties.TryGetValue("provider", out var value) ? value.Location : federated.Location;
            var providers = catalog.Plugins.Where(p => p.Provides.Contains(federated.Provider!, StringComparer.Ordinal)).ToList();
            AddOrReport(federated.Provider!, "provided", providers, location, catalog.Plugins.SelectMany(p => p.Provides));
        }

        return (needed, errors);

        void AddOrReport(string id, string kind, List<PluginDescriptor> providers, SourceLocation location, IEnumerable<string> existing)
        {
            switch (providers.Count)
            {
                case 1:
                    if (!needed.Contains(providers[0]))
                    {
                        needed.Add(providers[0]);
                    }

                    break;
                case 0:
                    var known = existing.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                    var suggestion = NameSuggestion.DidYouMean(id, known);
                    var failed = catalog.Failures.Count == 0
                        ? string.Empty
                        : "; plugin folders that could not be loaded: "
                          + string.Join("; ", catalog.Failures.Select(f => $"{Path.GetFileName(f.Directory)} ({f.Reason})"));
                    errors.Add(new ConfigurationError(
                        location,
                        kind == "provided"
                            ? $"no plugin provides '{id}';{suggestion} the provided ids are: " + (known.Count == 0 ? "(none)" : string.Join(", ", known)) + failed
                            : $"no plugin provides {kind} '{id}';{suggestion} the {kind} ids that exist are: " + (known.Count == 0 ? "(none)" : string.Join(", ", known)) + failed));
                    break;
                default:
                    errors.Add(new ConfigurationError(
                        location,
                        $"{(kind == "provided" ? "provided id" : kind)} '{id}' is declared by several plugins ({string.Join(", ", providers.Select(p => p.Name))}); remove all but one"));
                    break;
            }
        }
    }
}
