using Microsoft.AspNetCore.Antiforgery;
using Pickup.Abstractions.Limits;
using Pickup.Core.Configuration;
using Pickup.Core.Flow;
using Pickup.Core.Templates;
using Pickup.Host.Http;
using Pickup.Host.Oidc;

namespace Pickup.Host.Endpoints;

/// <summary><c>/commonauth</c> (every login form posts here) and the pages of the login flow.</summary>
internal static class LoginEndpoints
{
    private const int MaxFieldLength = 4096;
    // The same patterns the start-up check refuses unservable page names with.
    private const string AreaPattern = "/{area:regex(" + PageRoutes.AreaPattern + ")}";
    private const string PagePattern = AreaPattern + "/{page:regex(" + PageRoutes.PagePattern + ")}";

    // Lower priority than the endpoints above: routing tries them only when nothing else matched.
    private const int FallbackOrder = 1000;

    public static IEndpointRouteBuilder MapLoginEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(PageResults.FormAction, PostAsync).DisableAntiforgery();
        endpoints.MapGet(PagePattern, GetPageAsync);

        // A browser that lands here some other way (a bookmarked /commonauth, a mistyped page, a stray method) gets
        // the engine's page, not the framework's empty 404 or 405.
        endpoints.Map(PageResults.FormAction, (HttpContext http, PageResults pages) => pages.MethodNotAllowed(http, HttpMethods.Post))
            .DisableAntiforgery().WithOrder(FallbackOrder);
        endpoints.Map(PagePattern, (HttpContext http, PageResults pages) => pages.MethodNotAllowed(http, HttpMethods.Get))
            .DisableAntiforgery().WithOrder(FallbackOrder);
        endpoints.Map(AreaPattern + "/{**rest}", (HttpContext http, PageResults pages) => pages.Error(http, "request.invalid", StatusCodes.Status404NotFound))
            .DisableAntiforgery().WithOrder(FallbackOrder + 1);
        return endpoints;
    }

    private static async Task<IResult> PostAsync(HttpContext http, LoginFlow flow, IAntiforgery antiforgery, PageResults pages, LoginLimitsOptions limits, IWindowCounter counter)
    {
        // Counted first, whatever the post holds: a guesser's malformed posts use up the allowance too.
        if (await LoginRateLimiting.RefusePostAsync(http, limits, counter, pages) is { } tooMany)
        {
            return tooMany;
        }

        if (!http.Request.HasFormContentType)
        {
            return pages.Error(http, "request.invalid");
        }

        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return pages.Error(http, "request.forged");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in form)
        {
            // The SDK promises authenticators the first value of each field; a repeated field must not turn into
            // "a,b" (StringValues.ToString joins them).
            var value = FirstValue(values);
            fields[key] = value.Length > MaxFieldLength ? value[..MaxFieldLength] : value;
        }

        var outcome = await flow.PostAsync(fields, BrowserCookie.Read(http), http.RequestServices, ClientAddress.Of(http), http.RequestAborted);
        return FlowRedirect.For(outcome);
    }

    private static async Task<IResult> GetPageAsync(HttpContext http, string area, string page, LoginFlow flow, PageResults pages)
    {
        var template = area + "/" + page;
        var query = http.Request.Query.ToDictionary(q => q.Key, q => FirstValue(q.Value), StringComparer.Ordinal);
        if (template == FlowOutcome.ErrorTemplate)
        {
            return pages.Error(http, query.GetValueOrDefault("authFailureMsg") ?? "request.invalid", StatusCodes.Status200OK);
        }

        var view = await flow.RenderAsync(template, query, BrowserCookie.Read(http), http.RequestServices, ClientAddress.Of(http), http.RequestAborted);
        return view is null
            ? pages.Error(http, "session.expired")
            : pages.Render(http, view.Template, view.Model, query.GetValueOrDefault("sessionDataKey"));
    }

    private static string FirstValue(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count > 0 ? values[0] ?? string.Empty : string.Empty;
}
