using Pickup.Abstractions.Configuration;

namespace Pickup.Core.Templates;

/// <summary>
/// The start-up check of what plugins ship in their <c>endpoints/</c> folders: a template, text key or static file two
/// plugins both ship is refused, naming both (one would silently hide the other), and a plugin's page no URL can
/// serve is refused. The theme and the installation hiding a plugin's file is the theme mechanism, and allowed.
/// </summary>
/// <remarks>
/// The folders checked are the folders served: the engine gives the renderer (and the static files) the
/// <c>endpoints/</c> of the plugins the configuration uses only, so a plugin found but not enabled ships nothing and
/// clashes with nothing until it is enabled.
/// </remarks>
internal static class PageClashes
{
    /// <summary>Every clash and unservable page among the plugin folders of <paramref name="roots"/>.</summary>
    public static IReadOnlyList<ConfigurationError> Find(EndpointRoots roots)
    {
        var errors = new List<ConfigurationError>();
        var templates = new Dictionary<string, (PageRoot Root, string Path)>(StringComparer.Ordinal);
        var statics = new Dictionary<string, (PageRoot Root, string Path)>(StringComparer.Ordinal);
        var texts = new Dictionary<string, (PageRoot Root, SourceLocation Location)>(StringComparer.Ordinal);

        foreach (var root in roots.Roots.Where(r => r.Kind == PageRootKind.Plugin))
        {
            foreach (var (name, path) in EndpointRoots.TemplatesIn(root.Directory))
            {
                var location = At(path);
                if (!PageRoutes.CanServe(name))
                {
                    errors.Add(new ConfigurationError(location, $"{root} ships the page '{name}', which no URL can serve ({PageRoutes.Rule})"));
                }
                else if (templates.TryGetValue(name, out var first))
                {
                    errors.Add(new ConfigurationError(location, $"the template '{name}' is shipped by both {first.Root} ({EndpointRoots.DisplayPath(first.Path)}) and {root}; one would hide the other: rename one (a theme may still override it on purpose)"));
                }
                else
                {
                    templates.Add(name, (root, path));
                }
            }

            foreach (var (name, path) in EndpointRoots.StaticFilesIn(root.Directory))
            {
                if (statics.TryGetValue(name, out var first))
                {
                    errors.Add(new ConfigurationError(At(path), $"the static file 'static/{name}' is shipped by both {first.Root} ({EndpointRoots.DisplayPath(first.Path)}) and {root}; /static/{name} would serve only one: rename one"));
                }
                else
                {
                    statics.Add(name, (root, path));
                }
            }

            // A key counts once per plugin however many languages have it; each language file of a plugin may repeat it.
            var keysOfThisRoot = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            foreach (var (_, path) in EndpointRoots.TextFilesIn(root.Directory))
            {
                var locations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
                // Problems inside the file are reported by the page validation; here only the keys matter.
                TextFileReader.Read(path, [], locations);
                foreach (var (key, location) in locations)
                {
                    keysOfThisRoot.TryAdd(key, location);
                }
            }

            foreach (var (key, location) in keysOfThisRoot.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                if (texts.TryGetValue(key, out var first))
                {
                    errors.Add(new ConfigurationError(location, $"the text key '{key}' is shipped by both {first.Root} ({first.Location}) and {root}; one would hide the other: rename one (a theme or the installation may still override it on purpose)"));
                }
                else
                {
                    texts.Add(key, (root, location));
                }
            }
        }

        return errors;
    }

    private static SourceLocation At(string path) => new(EndpointRoots.DisplayPath(path), 1, 1);
}
