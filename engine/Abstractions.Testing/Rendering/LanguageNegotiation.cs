using System.Net.Http.Headers;

namespace Pickup.Core.Templates;

/// <summary>
/// The kit's <c>Accept-Language</c> choice, with the engine's rules (highest quality first, ties in the order written,
/// <c>es-ES</c> falls back to <c>es</c>, <c>q=0</c> refused, nothing acceptable means the default), read with the base
/// library's header parser so the kit needs no ASP.NET Core.
/// </summary>
internal static class LanguageNegotiation
{
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
