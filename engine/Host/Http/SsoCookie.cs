using Pickup.Data.Sessions;

namespace Pickup.Host.Http;

/// <summary>
/// The cookie that carries a browser's single sign-on session: 256 random bits, of which the database keeps only the
/// SHA-256 (<see cref="SsoSessionStore"/>). A browser-session cookie (no expiry): the session's own idle and absolute
/// ends are enforced by the engine.
/// </summary>
internal static class SsoCookie
{
    /// <summary>Under https: <c>__Host-</c>, so only this host, Path=/ and Secure (see <see cref="BrowserCookie"/>).</summary>
    public const string SecureName = "__Host-pickup.sso";

    /// <summary>Under plain http (loopback only) browsers refuse a <c>__Host-</c> cookie, so the name has no prefix there.</summary>
    public const string Name = "pickup.sso";

    /// <summary>The browser's cookie value, or null.</summary>
    public static string? Read(HttpContext http)
    {
        var value = http.Request.Cookies[NameFor(http)];
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Sets the cookie to a new session's value.</summary>
    public static void Set(HttpContext http, string value) =>
        http.Response.Cookies.Append(NameFor(http), value, Options(http));

    /// <summary>Tells the browser to forget the cookie.</summary>
    public static void Delete(HttpContext http) =>
        http.Response.Cookies.Delete(NameFor(http), Options(http));

    private static CookieOptions Options(HttpContext http) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        IsEssential = true,
    };

    private static string NameFor(HttpContext http) => http.Request.IsHttps ? SecureName : Name;
}
