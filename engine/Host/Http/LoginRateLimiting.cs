using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Pickup.Abstractions.Limits;
using Pickup.Core.Configuration;
using Pickup.Core.Limits;

namespace Pickup.Host.Http;

/// <summary>
/// <c>[security.login_limits]</c> per address: <c>per_ip_per_minute</c> form posts to <c>/commonauth</c> and
/// <c>authorize_per_ip_per_minute</c> logins started at <c>/oauth2/authorize</c>. Beyond either, the address gets
/// a friendly 429 page until the minute is over; 0 turns a limit off. An IPv6 client counts by its /64.
/// </summary>
internal static class LoginRateLimiting
{
    public const string PolicyName = "commonauth";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddLoginRateLimiting(this IServiceCollection services, LoginLimitsOptions limits) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, _) =>
            {
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = "60";
                var page = http.RequestServices.GetRequiredService<PageResults>().Error(http, "login.rate.limited", StatusCodes.Status429TooManyRequests);
                await page.ExecuteAsync(http);
            };
            options.AddPolicy(PolicyName, http => limits.PerIpPerMinute <= 0
                ? RateLimitPartition.GetNoLimiter(string.Empty)
                : RateLimitPartition.GetFixedWindowLimiter(
                    ClientAddressKey.For(http.Connection.RemoteIpAddress) ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.PerIpPerMinute,
                        Window = Window,
                        QueueLimit = 0,
                    }));
        });

    /// <summary>
    /// Counts a login started from the request's address; beyond <c>authorize_per_ip_per_minute</c> returns the 429
    /// page to answer instead. Counted by the shared counter, so with <c>[session] store = "redis"</c> every node
    /// counts against one limit.
    /// </summary>
    public static async ValueTask<IResult?> RefuseAuthorizeAsync(HttpContext http, LoginLimitsOptions limits, IWindowCounter counter, PageResults pages)
    {
        if (limits.AuthorizePerIpPerMinute <= 0)
        {
            return null;
        }

        var address = ClientAddressKey.For(http.Connection.RemoteIpAddress) ?? "unknown";
        if (await counter.IncrementAsync("authorize:" + address, Window, http.RequestAborted) <= limits.AuthorizePerIpPerMinute)
        {
            return null;
        }

        http.Response.Headers.RetryAfter = "60";
        return pages.Error(http, "login.rate.limited", StatusCodes.Status429TooManyRequests);
    }
}
