using System.Collections;
using System.Collections.Concurrent;
using Pickup.Abstractions.Configuration;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Pickup.Core.Templates;

/// <summary>
/// Renders the login pages: Scriban templates (<c>&lt;area&gt;/&lt;page&gt;.html</c>) taken from several
/// <c>endpoints/</c> folders, with every <c>{{ expression }}</c> HTML-encoded, misspelt variables treated as errors,
/// and texts in the driver's language through the <c>t</c> function (<c>{{ t "login.title" }}</c>).
/// </summary>
/// <remarks>
/// <para>Lifetime: once per server; thread-safe. Each template is read and parsed once, on first use, and the parsed
/// form is shared by all requests (a Scriban <see cref="Template"/> is immutable once parsed; each render gets its
/// own context). The <c>i18n/&lt;language&gt;.json</c> text files are read once, on first render. Rendering is
/// synchronous: templates do no I/O, since <c>include</c> is not offered.</para>
/// <para>Every template sees <c>lang</c>, the language it is rendered in (for <c>&lt;html lang&gt;</c>), and the
/// functions <c>t</c> and <c>raw</c>.</para>
/// </remarks>
public sealed class TemplateRenderer
{
    /// <summary>The language of a request that accepts none of the shipped ones; every page has all its texts in it.</summary>
    public const string DefaultLanguage = PageTexts.DefaultLanguage;

    private static readonly IScriptCustomFunction RawFunction =
        DynamicCustomFunction.Create(new Func<object?, RawHtml>(value => new RawHtml(value?.ToString() ?? string.Empty)));

    private readonly EndpointRoots _roots;
    private readonly ConcurrentDictionary<string, Lazy<Template>> _cache = new(StringComparer.Ordinal);
    private Lazy<PageTexts> _texts;

    /// <summary>Creates a renderer over one <c>endpoints/</c> folder.</summary>
    /// <param name="endpointsDirectory">Absolute path of the <c>endpoints/</c> folder.</param>
    public TemplateRenderer(string endpointsDirectory)
        : this([endpointsDirectory])
    {
    }

    /// <summary>
    /// Creates a renderer over several <c>endpoints/</c> folders: the theme's (<c>&lt;home&gt;/themes/&lt;theme&gt;/</c>)
    /// when one is configured, then the installation's, then those plugins ship beside their assemblies. A template is
    /// taken from the first folder that has it, and each text key from the first <c>i18n/&lt;language&gt;.json</c>
    /// that has it, so a theme restyles a page or rewords one sentence by adding just that.
    /// </summary>
    /// <param name="endpointsDirectories">Absolute paths, in order of precedence.</param>
    public TemplateRenderer(IEnumerable<string> endpointsDirectories)
        : this(endpointsDirectories?.Select(PageRoot.Installation)!)
    {
    }

    /// <summary>
    /// Creates a renderer over the theme's, the installation's and the plugins' <c>endpoints/</c> folders, each with
    /// who ships it: a template or text key two plugins both ship is refused by <see cref="ValidateAll(IEnumerable{DeclaredPage})"/>,
    /// while the theme and the installation hide a plugin's on purpose. The texts of every folder are merged.
    /// </summary>
    /// <param name="roots">The folders, in order of precedence.</param>
    public TemplateRenderer(IEnumerable<PageRoot> roots)
    {
        _roots = new EndpointRoots(roots);
        // A failed load is not kept: the exception reaches the request, and a fixed file is read on the next one.
        _texts = new Lazy<PageTexts>(LoadTexts, LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>The folders pages, texts and static files come from, in order of precedence.</summary>
    public IReadOnlyList<PageRoot> Roots => _roots.Roots;

    /// <summary>The languages pages can be shown in: those with an <c>i18n/&lt;language&gt;.json</c> in some folder, plus <see cref="DefaultLanguage"/>.</summary>
    /// <exception cref="TemplateException">A text file is broken.</exception>
    public IReadOnlyList<string> Languages => _texts.Value.Languages;

    /// <summary>
    /// True when <paramref name="template"/> (e.g. <c>authenticationendpoint/login</c>) is a well-formed
    /// template name and its file exists. Names with <c>..</c>, backslashes, extensions or other odd characters are
    /// never found, so a name taken from a URL cannot reach outside <c>endpoints/</c>.
    /// </summary>
    public bool Exists(string template) =>
        EndpointRoots.IsTemplateName(template) && _roots.FindTemplate(template) is not null;

    /// <summary>
    /// The language to render a request's pages in, from its <c>Accept-Language</c> header: the best of
    /// <see cref="Languages"/> by quality (<c>es-ES</c> matches <c>es</c>), else <see cref="DefaultLanguage"/>.
    /// </summary>
    /// <param name="acceptLanguage">The header's value (all values joined by commas), or null when absent.</param>
    /// <exception cref="TemplateException">A text file is broken.</exception>
    public string NegotiateLanguage(string? acceptLanguage) =>
        LanguageNegotiation.Choose(acceptLanguage, Languages, DefaultLanguage);

    /// <summary>Renders a page.</summary>
    /// <param name="template">Template name without extension, e.g. <c>authenticationendpoint/login</c>.</param>
    /// <param name="model">
    /// The page model: its public properties become snake_case variables (<c>ErrorKey</c> → <c>error_key</c>),
    /// nested objects and lists too. A dictionary with string keys is imported key by key, as given.
    /// </param>
    /// <param name="globals">Variables added as given (e.g. <c>session_data_key</c>, <c>form_action</c>).</param>
    /// <param name="language">
    /// The language of the page's texts, normally from <see cref="NegotiateLanguage"/>. A language without a text file
    /// falls back to its parent (<c>es-MX</c> → <c>es</c>), then to <see cref="DefaultLanguage"/>; each key missing
    /// in it falls back to English.
    /// </param>
    /// <returns>The HTML.</returns>
    /// <exception cref="ArgumentException">The template name is not well-formed.</exception>
    /// <exception cref="FileNotFoundException">The template file does not exist.</exception>
    /// <exception cref="TemplateException">
    /// The template does not parse, a text file is broken, or rendering fails (for example a misspelt variable, or a
    /// text key written in the template that no text file has).
    /// </exception>
    public string Render(string template, object model, IReadOnlyDictionary<string, object?> globals, string language)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(globals);
        if (!EndpointRoots.IsTemplateName(template))
        {
            throw new ArgumentException($"'{template}' is not a template name like 'area/page'.", nameof(template));
        }

        var parsed = GetParsed(template);
        var texts = _texts.Value;
        var context = CreateContext(model, globals, texts, texts.Resolve(language));
        try
        {
            return parsed.Render(context);
        }
        catch (ScriptRuntimeException exception)
        {
            // Scriban's message already carries "file(line,column)". It is meant for the server log, never for the page.
            throw new TemplateException($"Template '{parsed.SourceFilePath}' failed to render: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// Checks every page at once, for start-up and <c>pickup config check</c>: each template that would be served
    /// parses, each text key it writes (<c>t "key"</c>) is in the English text file with the values its text needs,
    /// and each <c>i18n/*.json</c> is a valid flat object of texts. Files are named relative to the current directory,
    /// with 1-based line and column.
    /// </summary>
    /// <returns>Every problem found; empty when all is well.</returns>
    public IReadOnlyList<ConfigurationError> ValidateAll() => ValidateAll([]);

    /// <summary>
    /// Everything <see cref="ValidateAll()"/> checks, and also: no template, text key or static file is shipped by two
    /// plugins (naming both), every page a plugin ships is one a URL can serve (<see cref="PageRoutes"/>), and every
    /// variable the template serving a declared page reads is in its model, the engine's <see cref="PageGlobals"/> or
    /// the template's own assignments.
    /// </summary>
    /// <remarks>
    /// When all is well, this renderer serves the templates and texts exactly as checked: a file edited later is a new
    /// configuration's to check (a live reload), never read from disk half-way by this one.
    /// </remarks>
    /// <param name="pages">The pages with a declared model (the engine's and the enabled authenticators').</param>
    /// <returns>Every problem found; empty when all is well.</returns>
    public IReadOnlyList<ConfigurationError> ValidateAll(IEnumerable<DeclaredPage> pages)
    {
        var errors = PageValidation.Validate(_roots, pages, out var checkedPages);
        if (checkedPages is var (templates, texts))
        {
            foreach (var (name, template) in templates)
            {
                _cache[name] = new Lazy<Template>(template);
            }

            _texts = new Lazy<PageTexts>(texts);
        }

        return errors;
    }

    private static HtmlEncodingTemplateContext CreateContext(
        object model,
        IReadOnlyDictionary<string, object?> globals,
        PageTexts texts,
        string language)
    {
        // The explicit escape hatch: {{ raw value }} writes value without encoding.
        var functions = new ScriptObject();
        functions.SetValue("raw", RawFunction, readOnly: true);
        functions.SetValue(TranslateFunction.Name, new TranslateFunction(texts, language), readOnly: true);
        functions.SetValue("lang", language, readOnly: true);

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
                ModelVariables.Import(variables, model);
                break;
        }
    }

    private PageTexts LoadTexts()
    {
        var errors = new List<ConfigurationError>();
        var texts = PageTexts.Load(_roots, errors);
        if (errors.Count > 0)
        {
            throw new TemplateException("The pages' text files have problems: " + string.Join("; ", errors));
        }

        return texts;
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
        var path = _roots.FindTemplate(template)
            ?? throw new FileNotFoundException($"Template '{template}{EndpointRoots.TemplateExtension}' is in none of the endpoints folders.", template);
        var parsed = PageValidation.ParseFile(path);
        if (parsed.HasErrors)
        {
            var problems = PageValidation.ParseErrors(parsed).Select(e => e.ToString());
            throw new TemplateException($"Template '{parsed.SourceFilePath}' does not parse: {string.Join("; ", problems)}");
        }

        return parsed;
    }
}
