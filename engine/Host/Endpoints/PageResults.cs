using Microsoft.AspNetCore.Antiforgery;
using Pickup.Core.Flow;
using Pickup.Core.Templates;

namespace Pickup.Host.Endpoints;

/// <summary>Renders pages and writes the redirects of the login flow, with the headers every page needs.</summary>
internal sealed class PageResults(TemplateRenderer renderer, IAntiforgery antiforgery)
{
    public const string FormAction = "/commonauth";

    /// <summary>Renders <paramref name="template"/> with <paramref name="model"/> plus the form globals.</summary>
    public IResult Render(HttpContext http, string template, object model, string? sessionDataKey, int statusCode = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var globals = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["session_data_key"] = sessionDataKey ?? string.Empty,
            ["form_action"] = FormAction,
            ["antiforgery_field_name"] = tokens.FormFieldName,
            ["antiforgery_token"] = tokens.RequestToken ?? string.Empty,
        };
        var html = renderer.Render(template, model, globals);
        SecurityHeaders.ApplyToPage(http.Response);
        return Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, statusCode);
    }

    /// <summary>The engine's own error page for a failure key.</summary>
    public IResult Error(HttpContext http, string failureKey, int statusCode = StatusCodes.Status400BadRequest)
    {
        var (title, message) = EngineMessages.For(failureKey);
        return Render(http, FlowOutcome.ErrorTemplate, new ErrorPageModel(title, message), null, statusCode);
    }

    /// <summary>A protocol request the OpenID Connect server refused, shown with its (escaped) description.</summary>
    public IResult Refused(HttpContext http, string? description) =>
        Render(
            http,
            FlowOutcome.ErrorTemplate,
            new ErrorPageModel("Sign-in request refused", description ?? "The application's sign-in request was not valid."),
            null,
            StatusCodes.Status400BadRequest);

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
/// <param name="Title">Heading.</param>
/// <param name="Message">One sentence for the driver.</param>
internal sealed record ErrorPageModel(string Title, string Message);
