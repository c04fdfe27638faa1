using System.Text.RegularExpressions;

namespace Pickup.Core.Templates;

/// <summary>
/// The ordered <c>endpoints/</c> folders pages come from (a theme, the installation, then plugins): finds which
/// folder serves a file and lists what each one holds. A file in an earlier folder hides the same name in later ones
/// (two plugins shipping one name is refused at start-up: see <see cref="PageClashes"/>).
/// </summary>
/// <remarks>Once per server; immutable and thread-safe. Reads the file system on every call (callers cache).</remarks>
internal sealed partial class EndpointRoots
{
    /// <summary>The extension of a page template.</summary>
    public const string TemplateExtension = ".html";

    /// <summary>The folder of each root holding <c>&lt;language&gt;.json</c> text files.</summary>
    public const string TextsFolder = "i18n";

    // Served as files (/static, /plugins/<name>/static), never rendered: an .html kept there is not a template.
    private const string StaticFolder = PageRoot.StaticFolder;

    public EndpointRoots(IEnumerable<string> directories)
        : this(directories?.Select(PageRoot.Installation)!)
    {
    }

    public EndpointRoots(IEnumerable<PageRoot> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        Roots = [.. roots];
        if (Roots.Count == 0)
        {
            throw new ArgumentException("At least one endpoints directory is needed.", nameof(roots));
        }

        Directories = [.. Roots.Select(r => r.Directory)];
    }

    /// <summary>The folders with their owners, in order of precedence.</summary>
    public IReadOnlyList<PageRoot> Roots { get; }

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

    /// <summary>
    /// Every page file one folder holds, by the name it would be asked for (<c>area/page</c>, or the file's relative
    /// path without extension when that is no template name), outside <c>static/</c>.
    /// </summary>
    public static IReadOnlyList<(string Name, string Path)> TemplatesIn(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(directory, "*" + TemplateExtension, SearchOption.AllDirectories)
            .Where(path => string.Equals(Path.GetExtension(path), TemplateExtension, StringComparison.Ordinal))
            .Select(path => (Name: Path.GetRelativePath(directory, path)[..^TemplateExtension.Length].Replace(Path.DirectorySeparatorChar, '/'), Path: path))
            .Where(file => !file.Name.StartsWith(StaticFolder + "/", StringComparison.Ordinal))
            .OrderBy(file => file.Name, StringComparer.Ordinal)];
    }

    /// <summary>Every file under one folder's <c>static/</c>, by its path relative to it (with '/').</summary>
    public static IReadOnlyList<(string Name, string Path)> StaticFilesIn(string directory)
    {
        var folder = Path.Combine(directory, StaticFolder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(path => (Name: Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/'), Path: path))
            .OrderBy(file => file.Name, StringComparer.Ordinal)];
    }

    /// <summary>Every <c>i18n/&lt;language&gt;.json</c> file, in order of precedence, with its language tag.</summary>
    public IReadOnlyList<(string Language, string Path)> TextFiles() => [.. Roots.SelectMany(root => TextFilesIn(root.Directory))];

    /// <summary>The <c>i18n/&lt;language&gt;.json</c> files of one folder, with their language tags.</summary>
    public static IReadOnlyList<(string Language, string Path)> TextFilesIn(string directory)
    {
        var files = new List<(string, string)>();
        var folder = Path.Combine(directory, TextsFolder);
        if (!Directory.Exists(folder))
        {
            return files;
        }

        foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var language = Path.GetFileNameWithoutExtension(path);
            if (IsLanguageTag(language) && string.Equals(Path.GetExtension(path), ".json", StringComparison.Ordinal))
            {
                files.Add((language, path));
            }
        }

        return files;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateName();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();
}
