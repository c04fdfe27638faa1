using Pickup.Abstractions.Pages;
using Pickup.Core.Templates;

namespace Pickup.Abstractions.Testing.Rendering;

/// <summary>
/// Renders a plugin's pages as the engine does: the engine's own renderer (compiled into this kit), so every
/// <c>{{ expression }}</c> is HTML-escaped, <c>{{ raw x }}</c> is the only way out, a misspelt variable or a text key
/// no file has is an error, and <c>{{ t "key" }}</c> reads the <c>i18n/&lt;language&gt;.json</c> files.
/// </summary>
/// <remarks>
/// The engine adds the form variables to every page (<c>session_data_key</c>, <c>form_action</c>,
/// <c>antiforgery_field_name</c>, <c>antiforgery_token</c>) and <c>lang</c>; so does this renderer, with test values
/// (<see cref="FormAction"/>, <see cref="AntiforgeryFieldName"/>, <see cref="AntiforgeryToken"/>) that a test may
/// look for in the HTML. Thread-safe; create one per test class.
/// </remarks>
public sealed class PageRenderer
{
    /// <summary>The form action the engine gives every page.</summary>
    public const string FormAction = "/commonauth";

    /// <summary>The anti-forgery field name this renderer gives every page.</summary>
    public const string AntiforgeryFieldName = "__RequestVerificationToken";

    /// <summary>The anti-forgery token this renderer gives every page.</summary>
    public const string AntiforgeryToken = "test-antiforgery-token";

    private readonly TemplateRenderer _renderer;

    /// <summary>Creates a renderer over a plugin's <c>endpoints/</c> folders.</summary>
    /// <param name="endpointsDirectories">
    /// Folders holding <c>&lt;area&gt;/&lt;page&gt;.html</c> and <c>i18n/&lt;language&gt;.json</c>, first one winning,
    /// as the engine orders a theme, the installation and the plugins. Relative paths are taken from the current
    /// directory (a test's output folder: copy the plugin's <c>endpoints/</c> there).
    /// </param>
    public PageRenderer(params string[] endpointsDirectories)
    {
        ArgumentNullException.ThrowIfNull(endpointsDirectories);
        _renderer = new TemplateRenderer(endpointsDirectories.Select(Path.GetFullPath));
    }

    /// <summary>The languages the pages can be shown in: those with a text file, plus English.</summary>
    public IReadOnlyList<string> Languages => _renderer.Languages;

    /// <summary>True when <paramref name="template"/> is a well-formed name with a file in one of the folders.</summary>
    public bool Exists(string template) => _renderer.Exists(template);

    /// <summary>The language the engine would choose for an <c>Accept-Language</c> header.</summary>
    public string NegotiateLanguage(string? acceptLanguage) => _renderer.NegotiateLanguage(acceptLanguage);

    /// <summary>Renders an authenticator's page view.</summary>
    /// <param name="view">What <see cref="Abstractions.Authentication.IAuthenticator.RenderPageAsync"/> returned.</param>
    /// <param name="language">The page's language (<c>en</c>, <c>es</c>...).</param>
    /// <param name="sessionDataKey">The value of the hidden <c>sessionDataKey</c> field.</param>
    /// <returns>The HTML.</returns>
    /// <exception cref="TemplateException">The template does not parse or render (a misspelt variable, an unknown text key).</exception>
    public string Render(PageView view, string language = "en", string sessionDataKey = "test-session-data-key")
    {
        ArgumentNullException.ThrowIfNull(view);
        return Render(view.Template, view.Model, language, sessionDataKey);
    }

    /// <summary>Renders <paramref name="template"/> with <paramref name="model"/>.</summary>
    /// <param name="template">Template name without extension, e.g. <c>acmepinendpoint/pin</c>.</param>
    /// <param name="model">The page model (public properties become snake_case variables).</param>
    /// <param name="language">The page's language.</param>
    /// <param name="sessionDataKey">The value of the hidden <c>sessionDataKey</c> field.</param>
    /// <returns>The HTML.</returns>
    /// <exception cref="FileNotFoundException">No folder has the template.</exception>
    /// <exception cref="TemplateException">The template does not parse or render.</exception>
    public string Render(string template, object model, string language = "en", string sessionDataKey = "test-session-data-key")
    {
        var globals = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["session_data_key"] = sessionDataKey,
            ["form_action"] = FormAction,
            ["antiforgery_field_name"] = AntiforgeryFieldName,
            ["antiforgery_token"] = AntiforgeryToken,
        };
        return _renderer.Render(template, model, globals, language);
    }
}
