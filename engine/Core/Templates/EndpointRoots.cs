using System.Text.RegularExpressions;

namespace Pickup.Core.Templates;

/// <summary>
/// The ordered <c>endpoints/</c> folders pages come from (a theme, the installation, then plugins): finds which
/// folder serves a file and lists what each one holds. A file in an earlier folder hides the same name in later ones.
/// </summary>
/// <remarks>Once per server; immutable and thread-safe. Reads the file system on every call (callers cache).</remarks>
internal sealed partial class EndpointRoots
{
    /// <summary>The extension of a page template.</summary>
    public const string TemplateExtension = ".html";

    /// <summary>The folder of each root holding <c>&lt;language&gt;.json</c> text files.</summary>
    public const string TextsFolder = "i18n";

    // Served as files (/static), never rendered: an .html kept there is not a template.
    private const string StaticFolder = "static";

    public EndpointRoots(IEnumerable<string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var list = new List<string>();
        foreach (var directory in directories)
        {
            ArgumentException.ThrowIfNullOrEmpty(directory);
            if (!Path.IsPathFullyQualified(directory))
            {
                throw new ArgumentException("An endpoints directory must be an absolute path.", nameof(directories));
            }

            list.Add(Path.GetFullPath(directory));
        }

        if (list.Count == 0)
        {
            throw new ArgumentException("At least one endpoints directory is needed.", nameof(directories));
        }

        Directories = list;
    }

    /// <summary>The folders, in order of precedence (absolute).</summary>
    public IReadOnlyList<string> Directories { get; }

    /// <summary>True for a template name like <c>area/page</c>: segments of letters, digits, '_' or '-'; nothing that could leave a folder.</summary>
    public static bool IsTemplateName(string? name) => !string.IsNullOrEmpty(name) && TemplateName().IsMatch(name);

    /// <summary>True for a language file's name without extension: <c>en</c>, <c>es</c>, <c>pt-BR</c>.</summary>
    public static bool IsLanguageTag(string? name) => !string.IsNullOrEmpty(name) && LanguageTag().IsMatch(name);

    /// <summary>The path an administrator sees in messages: relative to the current directory, as a shell shows it.</summary>
    public static string DisplayPath(string fullPath) => Path.GetRelativePath(Environment.CurrentDirectory, fullPath);

    /// <summary>The file serving <paramref name="template"/> (a well-formed name), or null when no folder has it.</summary>
    public string? FindTemplate(string template)
    {
        var relative = template.Replace('/', Path.DirectorySeparatorChar) + TemplateExtension;
        return Directories.Select(directory => Path.Combine(directory, relative)).FirstOrDefault(File.Exists);
    }

    /// <summary>Every template that would be served, by name, with the file that serves it (hidden files are left out: they are never read).</summary>
    public IReadOnlyList<(string Name, string Path)> EffectiveTemplates()
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var directory in Directories.Where(Directory.Exists))
        {
            foreach (var path in Directory.EnumerateFiles(directory, "*" + TemplateExtension, SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(directory, path);
                var name = relative[..^TemplateExtension.Length].Replace(Path.DirectorySeparatorChar, '/');
                if (IsTemplateName(name) && !name.StartsWith(StaticFolder + "/", StringComparison.Ordinal)
                    && string.Equals(Path.GetExtension(path), TemplateExtension, StringComparison.Ordinal))
                {
                    found.TryAdd(name, path);
                }
            }
        }

        return [.. found.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value))];
    }

    /// <summary>Every <c>i18n/&lt;language&gt;.json</c> file, in order of precedence, with its language tag.</summary>
    public IReadOnlyList<(string Language, string Path)> TextFiles()
    {
        var files = new List<(string, string)>();
        foreach (var directory in Directories)
        {
            var folder = Path.Combine(directory, TextsFolder);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                var language = Path.GetFileNameWithoutExtension(path);
                if (IsLanguageTag(language) && string.Equals(Path.GetExtension(path), ".json", StringComparison.Ordinal))
                {
                    files.Add((language, path));
                }
            }
        }

        return files;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateName();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();
}
