using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Pickup.Core.Configuration;

namespace Pickup.Host.Endpoints;

/// <summary>
/// <c>[security.login_limits] per_ip_per_minute</c>: form posts to <c>/commonauth</c> from one address per minute.
/// Beyond it the address gets a friendly 429 page until the minute is over; 0 turns the limit off.
/// </summary>
internal static class LoginRateLimiting
{
    public const string PolicyName = "commonauth";

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
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.PerIpPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    }));
        });
}
