using Pickup.Abstractions.Limits;
using Pickup.Core.Configuration;
using Pickup.Core.Limits;

namespace Pickup.Host.Http;

/// <summary>
/// <c>[security.login_limits]</c> per address: <c>per_ip_per_minute</c> form posts to <c>/commonauth</c> and
/// <c>authorize_per_ip_per_minute</c> logins started at <c>/oauth2/authorize</c>. Beyond either, the address gets
/// a friendly 429 page until the minute is over; 0 turns a limit off. An IPv6 client counts by its /64. Both count
/// in the engine's <see cref="IWindowCounter"/>, so with <c>[session] store = "redis"</c> every node counts against
/// one limit (one atomic increment per request, no read-then-write).
/// </summary>
internal static class LoginRateLimiting
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Counts a form post to <c>/commonauth</c>; beyond <c>per_ip_per_minute</c> returns the page to answer instead.</summary>
    public static ValueTask<IResult?> RefusePostAsync(HttpContext http, LoginLimitsOptions limits, IWindowCounter counter, PageResults pages) =>
        RefuseAsync(http, "commonauth:", limits.PerIpPerMinute, counter, pages);

    /// <summary>Counts a login started at <c>/oauth2/authorize</c>; beyond <c>authorize_per_ip_per_minute</c> returns the page to answer instead.</summary>
    public static ValueTask<IResult?> RefuseAuthorizeAsync(HttpContext http, LoginLimitsOptions limits, IWindowCounter counter, PageResults pages) =>
        RefuseAsync(http, "authorize:", limits.AuthorizePerIpPerMinute, counter, pages);

    private static async ValueTask<IResult?> RefuseAsync(HttpContext http, string what, int limit, IWindowCounter counter, PageResults pages)
    {
        if (limit <= 0)
        {
            return null;
        }

        var address = ClientAddressKey.For(http.Connection.RemoteIpAddress) ?? "unknown";
        long count;
        try
        {
            count = await counter.IncrementAsync(what + address, Window, http.RequestAborted);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Fail closed, as the plugins' counters do: a limit that cannot be counted would let a password guesser through
            // unbounded, and the login it guards keeps its state in the same store anyway.
            var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LoginRateLimiting).FullName!);
            logger.LogError(exception, "The per-address login limit could not be counted ({Limit}); the request was refused", what.TrimEnd(':'));
            http.Response.Headers.RetryAfter = "60";
            return pages.Error(http, "service.unavailable", StatusCodes.Status503ServiceUnavailable);
        }

        if (count <= limit)
        {
            return null;
        }

        http.Response.Headers.RetryAfter = "60";
        return pages.Error(http, "login.rate.limited", StatusCodes.Status429TooManyRequests);
    }
}
