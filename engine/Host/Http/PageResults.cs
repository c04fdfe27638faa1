using Microsoft.AspNetCore.Antiforgery;
using Pickup.Core.Flow;
using Pickup.Core.Templates;

namespace Pickup.Host.Http;

/// <summary>Renders pages and writes the redirects of the login flow, with the headers every page needs.</summary>
internal sealed class PageResults(TemplateRenderer renderer, IAntiforgery antiforgery)
{
    public const string FormAction = "/commonauth";

    /// <summary>
    /// Renders <paramref name="template"/> with <paramref name="model"/> plus the form globals, in the language the
    /// browser's <c>Accept-Language</c> prefers among those the pages ship.
    /// </summary>
    public IResult Render(HttpContext http, string template, object model, string? sessionDataKey, int statusCode = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var globals = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [PageGlobals.SessionDataKey] = sessionDataKey ?? string.Empty,
            [PageGlobals.FormAction] = FormAction,
            [PageGlobals.AntiforgeryFieldName] = tokens.FormFieldName,
            [PageGlobals.AntiforgeryToken] = tokens.RequestToken ?? string.Empty,
        };
        var language = renderer.NegotiateLanguage(http.Request.Headers.AcceptLanguage.ToString());
        var html = renderer.Render(template, model, globals, language);
        SecurityHeaders.ApplyToPage(http.Response);
        // The page's words depend on Accept-Language: a shared cache must not hand one driver's language to another.
        http.Response.Headers.Vary = "Accept-Language";
        http.Response.Headers.ContentLanguage = language;
        return Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, statusCode);
    }

    /// <summary>The engine's own error page for a failure key (any key: an unknown one shows the generic sentence, never the key).</summary>
    public IResult Error(HttpContext http, string failureKey, int statusCode = StatusCodes.Status400BadRequest) =>
        Render(http, FlowOutcome.ErrorTemplate, new ErrorPageModel(EngineMessages.TitleKeyFor(failureKey), failureKey, null), null, statusCode);

    /// <summary>
    /// A protocol request the OpenID Connect server refused: a translated heading and sentence, then OpenIddict's
    /// <c>error_description</c> (English protocol text, escaped like every value) for whoever reports the problem.
    /// </summary>
    public IResult Refused(HttpContext http, string? description) =>
        Render(
            http,
            FlowOutcome.ErrorTemplate,
            new ErrorPageModel(EngineMessages.RefusedTitleKey, EngineMessages.RefusedKey, string.IsNullOrWhiteSpace(description) ? null : description),
            null,
            StatusCodes.Status400BadRequest);

    /// <summary>The engine's error page with 405 and the <paramref name="allowed"/> methods that would have worked.</summary>
    public IResult MethodNotAllowed(HttpContext http, string allowed)
    {
        http.Response.Headers.Allow = allowed;
        return Error(http, "request.invalid", StatusCodes.Status405MethodNotAllowed);
    }

    /// <summary>303 See Other: after a POST the browser GETs the next page.</summary>
    public static IResult SeeOther(string location) => new SeeOtherResult(location);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            SecurityHeaders.ApplyToPage(httpContext.Response);
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}

/// <summary>The model of <c>authenticationendpoint/error</c>.</summary>
/// <param name="TitleKey"><c>title_key</c>: text key of the heading.</param>
/// <param name="MessageKey"><c>message_key</c>: the failure key, whose text is the sentence for the driver.</param>
/// <param name="Detail"><c>detail</c>: untranslated text shown below the sentence (a refused request's description), or null.</param>
internal sealed record ErrorPageModel(string TitleKey, string MessageKey, string? Detail);
