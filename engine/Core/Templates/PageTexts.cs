using Pickup.Abstractions.Configuration;

namespace Pickup.Core.Templates;

/// <summary>
/// The pages' texts in every language found in the roots' <c>i18n/</c> folders, merged per language with the
/// earlier root winning each key (so a theme overrides one sentence without copying the file).
/// </summary>
/// <remarks>Once per server; immutable after loading, so thread-safe.</remarks>
internal sealed class PageTexts
{
    /// <summary>The language every page can be shown in, and the last fallback of every lookup.</summary>
    public const string DefaultLanguage = "en";

    /// <summary>The sentence for a failure key no text file knows.</summary>
    public const string GenericErrorKey = "error.generic";

    // Used only when even error.generic is missing from every file; a start-up check normally prevents that.
    private const string LastResortSentence = "Something went wrong. Please go back to the app and try again.";

    private readonly Dictionary<string, Dictionary<string, string>> _byLanguage;

    private PageTexts(Dictionary<string, Dictionary<string, string>> byLanguage)
    {
        _byLanguage = byLanguage;
        Languages = [.. byLanguage.Keys.Append(DefaultLanguage).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];
    }

    /// <summary>The languages with a text file in some root, plus <see cref="DefaultLanguage"/>.</summary>
    public IReadOnlyList<string> Languages { get; }

    /// <summary>Loads every text file; problems are added to <paramref name="errors"/>.</summary>
    public static PageTexts Load(EndpointRoots roots, List<ConfigurationError> errors)
    {
        var byLanguage = new Dictionary<string, Dictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (language, path) in roots.TextFiles())
        {
            if (!byLanguage.TryGetValue(language, out var merged))
            {
                merged = new Dictionary<string, string>(StringComparer.Ordinal);
                byLanguage.Add(language, merged);
            }

            foreach (var (key, text) in TextFileReader.Read(path, errors))
            {
                merged.TryAdd(key, text);
            }
        }

        return new PageTexts(byLanguage);
    }

    /// <summary>
    /// The language of <see cref="Languages"/> to render <paramref name="language"/> in: itself when a file has it,
    /// else its nearest parent (<c>es-MX</c> → <c>es</c>), else <see cref="DefaultLanguage"/>.
    /// </summary>
    public string Resolve(string? language)
    {
        for (var tag = language; !string.IsNullOrEmpty(tag); tag = Parent(tag))
        {
            var match = Languages.FirstOrDefault(l => string.Equals(l, tag, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                return match;
            }
        }

        return DefaultLanguage;
    }

    /// <summary>The text of <paramref name="key"/> in <paramref name="language"/>, its parents, then English; null when no file has it.</summary>
    public string? Find(string language, string key)
    {
        for (var tag = language; !string.IsNullOrEmpty(tag); tag = Parent(tag))
        {
            if (_byLanguage.TryGetValue(tag, out var texts) && texts.TryGetValue(key, out var text))
            {
                return text;
            }
        }

        return _byLanguage.TryGetValue(DefaultLanguage, out var english) && english.TryGetValue(key, out var fallback)
            ? fallback
            : null;
    }

    /// <summary>The generic failure sentence in <paramref name="language"/> (never null, never a key).</summary>
    public string Generic(string language) => Find(language, GenericErrorKey) ?? LastResortSentence;

    private static string? Parent(string tag)
    {
        var dash = tag.LastIndexOf('-');
        return dash > 0 ? tag[..dash] : null;
    }
}
