using Pickup.Core.Flow;

namespace Pickup.Host.Endpoints;

/// <summary>The cookie that binds login attempts to one browser.</summary>
internal static class BrowserCookie
{
    public const string Name = "pickup.browser";

    public static string? Read(HttpContext http) => http.Request.Cookies[Name];

    /// <summary>The browser's cookie value, set now when the browser has none.</summary>
    public static string Ensure(HttpContext http)
    {
        if (Read(http) is { Length: > 0 } existing)
        {
            return existing;
        }

        var value = BrowserBinding.NewValue();
        http.Response.Cookies.Append(Name, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            IsEssential = true,
        });
        return value;
    }
}
