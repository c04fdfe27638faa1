using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Pickup.Host.Http;

namespace Pickup.Host.Endpoints;

/// <summary>
/// The last line of defence: an exception no endpoint handled becomes a friendly page, never a stack trace or a
/// blank 500. A database that cannot be reached is a 503 saying nothing was changed (each request's writes are
/// one unit, so a failed request leaves no half-written change behind).
/// </summary>
internal static class UnexpectedErrors
{
    public static IApplicationBuilder UseFriendlyErrors(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = async http =>
            {
                var exception = http.Features.Get<IExceptionHandlerFeature>()?.Error;
                var database = exception is DbException or DbUpdateException or InvalidOperationException { InnerException: DbException };
                var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Pickup.Host.Errors");
                logger.LogError(exception, "{Method} {Path} failed", http.Request.Method, http.Request.Path.Value);
                var page = http.RequestServices.GetRequiredService<PageResults>().Error(
                    http,
                    database ? "service.unavailable" : "error.generic",
                    database ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError);
                await page.ExecuteAsync(http);
            },
        });
}
