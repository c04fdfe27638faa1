using Pickup.Abstractions.Configuration;
using Scriban;
using Scriban.Parsing;

namespace Pickup.Core.Templates;

/// <summary>
/// The start-up check of the pages: templates parse, the text keys they write exist, text files are sound, no two
/// plugins ship the same name, and each declared page's template reads only variables its model has. An
/// administrator's broken theme or a plugin author's typo is then a message with file, line and column, not a driver's
/// error page.
/// </summary>
internal static class PageValidation
{
    /// <summary>Keys the engine shows without any template naming them: the last fallback of every failure.</summary>
    private static readonly string[] RequiredKeys = [PageTexts.GenericErrorKey];

    /// <summary>Every problem of the pages served from <paramref name="roots"/>.</summary>
    public static IReadOnlyList<ConfigurationError> Validate(EndpointRoots roots) => Validate(roots, [], out _);

    /// <summary>Every problem of the pages served from <paramref name="roots"/>, with the variables of <paramref name="pages"/> checked against their models.</summary>
    /// <param name="roots">The folders.</param>
    /// <param name="pages">The pages with a declared model.</param>
    /// <param name="checkedPages">When no problem was found: the templates (by name) and texts exactly as checked.</param>
    public static IReadOnlyList<ConfigurationError> Validate(
        EndpointRoots roots,
        IEnumerable<DeclaredPage> pages,
        out (IReadOnlyDictionary<string, Template> Templates, PageTexts Texts)? checkedPages)
    {
        checkedPages = null;
        var templates = new Dictionary<string, Template>(StringComparer.Ordinal);
        var declared = pages.GroupBy(p => p.Template, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var errors = new List<ConfigurationError>(PageClashes.Find(roots));
        var texts = PageTexts.Load(roots, errors);
        var englishFile = EnglishFileLocation(roots);

        foreach (var key in RequiredKeys.Where(k => texts.Find(PageTexts.DefaultLanguage, k) is null))
        {
            errors.Add(new ConfigurationError(englishFile, $"the key '{key}' is missing: the engine shows it for any failure without a sentence of its own"));
        }

        foreach (var (name, path) in roots.EffectiveTemplates())
        {
            Template parsed;
            try
            {
                parsed = ParseFile(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                errors.Add(new ConfigurationError(new SourceLocation(EndpointRoots.DisplayPath(path), 1, 1), $"the template cannot be read: {exception.Message}"));
                continue;
            }

            if (parsed.HasErrors)
            {
                errors.AddRange(ParseErrors(parsed));
                continue;
            }

            CheckTextKeys(parsed, texts, errors);
            if (declared.TryGetValue(name, out var page))
            {
                PageVariables.Check(parsed, page, errors);
            }

            templates[name] = parsed;
        }

        if (errors.Count == 0)
        {
            checkedPages = (templates, texts);
        }

        return errors;
    }

    /// <summary>Reads and parses a template, naming it by its display path (so Scriban's own messages name the real file).</summary>
    public static Template ParseFile(string path) => Template.Parse(File.ReadAllText(path), EndpointRoots.DisplayPath(path));

    /// <summary>The parse errors of <paramref name="parsed"/>, 1-based.</summary>
    public static IEnumerable<ConfigurationError> ParseErrors(Template parsed) =>
        parsed.Messages
            .Where(m => m.Type == ParserMessageType.Error)
            .Select(m => new ConfigurationError(
                new SourceLocation(FileOf(parsed), m.Span.Start.Line + 1, m.Span.Start.Column + 1),
                "the template does not parse: " + m.Message));

    private static void CheckTextKeys(Template parsed, PageTexts texts, List<ConfigurationError> errors)
    {
        foreach (var use in TextKeyUses.Find(parsed))
        {
            var location = new SourceLocation(FileOf(parsed), use.Line, use.Column);
            var text = texts.Find(PageTexts.DefaultLanguage, use.Key);
            if (text is null)
            {
                errors.Add(new ConfigurationError(location, $"the text key '{use.Key}' is in no i18n/{PageTexts.DefaultLanguage}.json"));
                continue;
            }

            foreach (var language in texts.Languages)
            {
                var translated = texts.Find(language, use.Key)!;
                var needed = TextFileReader.ArgumentCount(translated);
                if (needed > use.ValueCount)
                {
                    errors.Add(new ConfigurationError(
                        location,
                        $"the text '{use.Key}' in i18n/{language}.json needs {needed} value(s) after the key, but the template gives {use.ValueCount}"));
                }
            }
        }
    }

    // ParseFile always names the template; the fallback only satisfies the nullable signature.
    private static string FileOf(Template parsed) => parsed.SourceFilePath ?? "template";

    private static SourceLocation EnglishFileLocation(EndpointRoots roots)
    {
        var english = roots.TextFiles().FirstOrDefault(f => string.Equals(f.Language, PageTexts.DefaultLanguage, StringComparison.OrdinalIgnoreCase));
        var path = english.Path ?? Path.Combine(roots.Directories[0], EndpointRoots.TextsFolder, PageTexts.DefaultLanguage + ".json");
        return new SourceLocation(EndpointRoots.DisplayPath(path), 1, 1);
    }
}
