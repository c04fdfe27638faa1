using System.Text.RegularExpressions;

namespace Pickup.Core.Templates;

/// <summary>
/// Which template names the page routes serve: <c>/&lt;area&gt;/&lt;page&gt;</c>, the area lower-case letters ending
/// in <c>endpoint</c>, the page letters and <c>-</c>. The routes and the start-up check both use these patterns, so a
/// page no URL can reach is refused when the engine starts, not a 404 later.
/// </summary>
public static partial class PageRoutes
{
    /// <summary>The area segment's pattern (a route constraint).</summary>
    public const string AreaPattern = "^[a-z]+endpoint$";

    /// <summary>The page segment's pattern (a route constraint).</summary>
    public const string PagePattern = "^[A-Za-z-]+$";

    /// <summary>What a servable name looks like, for messages.</summary>
    public const string Rule = "a page is served at /<area>/<page>: the area lower-case letters ending in 'endpoint', the page letters and '-'";

    /// <summary>True when a URL serves <paramref name="template"/> (<c>area/page</c>).</summary>
    public static bool CanServe(string? template)
    {
        if (string.IsNullOrEmpty(template))
        {
            return false;
        }

        var slash = template.IndexOf('/', StringComparison.Ordinal);
        return slash > 0
            && Area().IsMatch(template[..slash])
            && Page().IsMatch(template[(slash + 1)..]);
    }

    [GeneratedRegex(AreaPattern, RegexOptions.CultureInvariant)]
    private static partial Regex Area();

    [GeneratedRegex(PagePattern, RegexOptions.CultureInvariant)]
    private static partial Regex Page();
}
