using System.Net.Http.Headers;

namespace Pickup.Core.Templates;

/// <summary>
/// Picks a page language from an <c>Accept-Language</c> header, as ASP.NET Core's request localization does: the
/// highest quality first (ties in the order written), a regional tag falls back to its language (<c>es-ES</c> →
/// <c>es</c>), <c>q=0</c> is refused, and nothing acceptable means the default.
/// </summary>
/// <remarks>
/// Read with the base library's header parser, not ASP.NET Core's: the test kit compiles this file in and must not
/// need the web framework. A malformed entry is skipped; the others still count.
/// </remarks>
internal static class LanguageNegotiation
{
    // A browser sends a handful; this bounds the work a hostile header can cause.
    private const int MaxTags = 32;

    /// <summary>One of <paramref name="available"/> (as spelt there), or <paramref name="defaultLanguage"/>.</summary>
    public static string Choose(string? acceptLanguage, IReadOnlyList<string> available, string defaultLanguage)
    {
        if (string.IsNullOrWhiteSpace(acceptLanguage))
        {
            return defaultLanguage;
        }

        var ranked = new List<(string Tag, double Quality, int Index)>();
        foreach (var part in acceptLanguage.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(MaxTags))
        {
            if (StringWithQualityHeaderValue.TryParse(part, out var value) && (value.Quality ?? 1.0) > 0)
            {
                ranked.Add((value.Value, value.Quality ?? 1.0, ranked.Count));
            }
        }

        foreach (var (tag, _, _) in ranked.OrderByDescending(v => v.Quality).ThenBy(v => v.Index))
        {
            if (tag == "*")
            {
                return defaultLanguage;
            }

            for (var candidate = tag; !string.IsNullOrEmpty(candidate); candidate = Parent(candidate))
            {
                var match = available.FirstOrDefault(l => string.Equals(l, candidate, StringComparison.OrdinalIgnoreCase));
                if (match is not null)
                {
                    return match;
                }
            }
        }

        return defaultLanguage;
    }

    private static string? Parent(string tag)
    {
        var dash = tag.LastIndexOf('-');
        return dash > 0 ? tag[..dash] : null;
    }
}
