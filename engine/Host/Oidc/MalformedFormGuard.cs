using Microsoft.Extensions.DependencyInjection.Extensions;
using Pickup.Host.Http;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Pickup.Host.Oidc;

/// <summary>
/// Reads the form of every POST to the OpenID Connect endpoints before OpenIddict does, and answers 400 when the
/// framework refuses it (more fields, a longer name or value than <c>FormOptions</c> allow, a NUL, a multipart body
/// without a boundary). OpenIddict extracts the request inside the authentication middleware, where that
/// <see cref="InvalidDataException"/> would otherwise escape as a 500. The parsed form is cached on the request,
/// so OpenIddict reads it once, from here.
/// </summary>
internal sealed class MalformedFormGuard : IStartupFilter
{
    private static readonly string[] BrowserPaths = [OidcServiceCollectionExtensions.AuthorizationPath, OidcServiceCollectionExtensions.EndSessionPath];
    private static readonly string[] ProtocolPaths = [OidcServiceCollectionExtensions.TokenPath, OidcServiceCollectionExtensions.UserInfoPath];

    /// <summary>Puts the guard first in the pipeline.</summary>
    public static void Register(IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, MalformedFormGuard>());

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(GuardAsync);
        next(app);
    };

    private static async Task GuardAsync(HttpContext http, RequestDelegate next)
    {
        var path = http.Request.Path;
        var browser = BrowserPaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase));
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.HasFormContentType
            || (!browser && !ProtocolPaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase))))
        {
            await next(http);
            return;
        }

        try
        {
            await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (InvalidDataException)
        {
            // Nothing of the body is echoed: it is the attacker's, and may be megabytes.
            if (browser)
            {
                await http.RequestServices.GetRequiredService<PageResults>().Error(http, "request.invalid").ExecuteAsync(http);
            }
            else
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                http.Response.Headers.CacheControl = "no-store";
                await http.Response.WriteAsJsonAsync(
                    new Dictionary<string, string>
                    {
                        [Parameters.Error] = Errors.InvalidRequest,
                        [Parameters.ErrorDescription] = "The request body is not a form the server accepts.",
                    },
                    http.RequestAborted);
            }

            return;
        }

        await next(http);
    }
}
