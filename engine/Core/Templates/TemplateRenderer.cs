using System.Collections;
using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Pickup.Core.Templates;

/// <summary>
/// Renders the login pages: Scriban templates under <c>endpoints/</c> (<c>&lt;area&gt;/&lt;page&gt;.html</c>), with
/// every <c>{{ expression }}</c> HTML-encoded and misspelt variables treated as errors.
/// </summary>
/// <remarks>
/// Lifetime: once per server; thread-safe. Each template is read and parsed once, on first use, and the parsed
/// form is shared by all requests (a Scriban <see cref="Template"/> is immutable once parsed; each render gets its
/// own context). Rendering is synchronous: templates do no I/O, since <c>include</c> is not offered.
/// </remarks>
public sealed partial class TemplateRenderer
{
    private const string Extension = ".html";

    private readonly string[] _endpointsDirectories;
    private readonly ConcurrentDictionary<string, Lazy<Template>> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates a renderer over one <c>endpoints/</c> folder.</summary>
    /// <param name="endpointsDirectory">Absolute path of the <c>endpoints/</c> folder.</param>
    public TemplateRenderer(string endpointsDirectory)
        : this([endpointsDirectory])
    {
    }

    /// <summary>
    /// Creates a renderer over several <c>endpoints/</c> folders: the installation's first, then those plugins ship
    /// beside their assemblies. A template is taken from the first folder that has it, so an installation can
    /// restyle a plugin's page by adding a file of the same name.
    /// </summary>
    /// <param name="endpointsDirectories">Absolute paths, in order of precedence.</param>
    public TemplateRenderer(IEnumerable<string> endpointsDirectories)
    {
        ArgumentNullException.ThrowIfNull(endpointsDirectories);
        _endpointsDirectories = endpointsDirectories.ToArray();
        if (_endpointsDirectories.Length == 0)
        {
            throw new ArgumentException("At least one endpoints directory is needed.", nameof(endpointsDirectories));
        }

        foreach (var directory in _endpointsDirectories)
        {
            ArgumentException.ThrowIfNullOrEmpty(directory);
            if (!Path.IsPathFullyQualified(directory))
            {
                throw new ArgumentException("An endpoints directory must be an absolute path.", nameof(endpointsDirectories));
            }
        }

        for (var i = 0; i < _endpointsDirectories.Length; i++)
        {
            _endpointsDirectories[i] = Path.GetFullPath(_endpointsDirectories[i]);
        }
    }

    /// <summary>
    /// True when <paramref name="template"/> (e.g. <c>smsotpauthenticationendpoint/smsotp</c>) is a well-formed
    /// template name and its file exists. Names with <c>..</c>, backslashes, extensions or other odd characters are
    /// never found, so a name taken from a URL cannot reach outside <c>endpoints/</c>.
    /// </summary>
    public bool Exists(string template) =>
        IsWellFormed(template) && File.Exists(PathOf(template));

    /// <summary>Renders a page.</summary>
    /// <param name="template">Template name without extension, e.g. <c>authenticationendpoint/login</c>.</param>
    /// <param name="model">
    /// The page model: its public properties become snake_case variables (<c>ErrorMessage</c> → <c>error_message</c>),
    /// nested objects and lists too. A dictionary with string keys is imported key by key, as given.
    /// </param>
    /// <param name="globals">Variables added as given (e.g. <c>session_data_key</c>, <c>form_action</c>).</param>
    /// <returns>The HTML.</returns>
    /// <exception cref="ArgumentException">The template name is not well-formed.</exception>
    /// <exception cref="FileNotFoundException">The template file does not exist.</exception>
    /// <exception cref="TemplateException">The template does not parse, or fails while rendering (for example a misspelt variable).</exception>
    public string Render(string template, object model, IReadOnlyDictionary<string, object?> globals)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(globals);
        if (!IsWellFormed(template))
        {
            throw new ArgumentException($"'{template}' is not a template name like 'area/page'.", nameof(template));
        }

        var parsed = GetParsed(template);
        var context = CreateContext(model, globals);
        try
        {
            return parsed.Render(context);
        }
        catch (ScriptRuntimeException exception)
        {
            // Scriban's message already carries "file(line,column)". It is meant for the server log, never for the page.
            throw new TemplateException($"Template '{RelativePathOf(template)}' failed to render: {exception.Message}", exception);
        }
    }

    private static HtmlEncodingTemplateContext CreateContext(object model, IReadOnlyDictionary<string, object?> globals)
    {
        // The explicit escape hatch: {{ raw value }} writes value without encoding.
        var functions = new ScriptObject();
        functions.Import("raw", new Func<object?, RawHtml>(value => new RawHtml(value?.ToString() ?? string.Empty)));

        var variables = new ScriptObject();
        ImportModel(variables, model);
        foreach (var (name, value) in globals)
        {
            variables.SetValue(name, value, readOnly: true);
        }

        var context = new HtmlEncodingTemplateContext
        {
            StrictVariables = true,
            // A member missing on an object (options[0].dispaly_name) is an error, like a missing variable.
            EnableRelaxedMemberAccess = false,
            MemberRenamer = StandardMemberRenamer.Default,
            // Page templates are small; these stop a template bug from hanging a request thread.
            LoopLimit = 10_000,
            RecursiveLimit = 50,
        };
        context.PushGlobal(functions);
        context.PushGlobal(variables);
        return context;
    }

    private static void ImportModel(ScriptObject variables, object model)
    {
        switch (model)
        {
            case IDictionary<string, object?> dictionary:
                foreach (var (name, value) in dictionary)
                {
                    variables.SetValue(name, value, readOnly: true);
                }

                break;
            case IDictionary or IEnumerable and not string:
                throw new ArgumentException("A page model must be an object or a dictionary with string keys.", nameof(model));
            default:
                variables.Import(model, renamer: StandardMemberRenamer.Default);
                break;
        }
    }

    private Template GetParsed(string template)
    {
        // Lazy makes concurrent first requests parse once; a failure is not kept, so a fixed or added file is seen.
        var entry = _cache.GetOrAdd(template, name => new Lazy<Template>(() => Parse(name)));
        try
        {
            return entry.Value;
        }
        catch (Exception exception) when (exception is TemplateException or IOException or UnauthorizedAccessException)
        {
            _cache.TryRemove(new KeyValuePair<string, Lazy<Template>>(template, entry));
            throw;
        }
    }

    private Template Parse(string template)
    {
        var path = PathOf(template);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Template '{RelativePathOf(template)}' does not exist.", path);
        }

        var text = File.ReadAllText(path);
        var parsed = Template.Parse(text, RelativePathOf(template));
        if (parsed.HasErrors)
        {
            var problems = parsed.Messages
                .Select(m => $"{m.Span.FileName}:{m.Span.Start.Line + 1}:{m.Span.Start.Column + 1}: {m.Message}");
            throw new TemplateException($"Template '{RelativePathOf(template)}' does not parse: {string.Join("; ", problems)}");
        }

        return parsed;
    }

    private string PathOf(string template)
    {
        var relative = template.Replace('/', Path.DirectorySeparatorChar) + Extension;
        return _endpointsDirectories
            .Select(directory => Path.Combine(directory, relative))
            .FirstOrDefault(File.Exists) ?? Path.Combine(_endpointsDirectories[0], relative);
    }

    private static string RelativePathOf(string template) => "endpoints/" + template + Extension;

    private static bool IsWellFormed(string? template) =>
        !string.IsNullOrEmpty(template) && TemplateName().IsMatch(template);

    // One or more segments of letters, digits, '_' or '-', joined by '/': no "..", no extension, no rooted path.
    [GeneratedRegex("^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateName();
}
