using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Pickup.Core.Flow;

namespace Pickup.Host.Http;

/// <summary>
/// The cookie that binds login attempts to one browser. Its value is protected with the engine's Data Protection
/// keys (shared by every node), so a value the engine did not issue (one an attacker planted) is not used: it is
/// replaced by a fresh one when a login starts.
/// </summary>
internal static class BrowserCookie
{
    /// <summary>
    /// Under https: <c>__Host-</c>, so the browser only accepts it Secure, for Path=/, from this host (no Domain): a
    /// sibling subdomain cannot plant one.
    /// </summary>
    public const string SecureName = "__Host-pickup.browser";

    /// <summary>
    /// Under plain http (allowed on loopback only) browsers refuse a <c>__Host-</c> cookie, which must be Secure,
    /// so the name has no prefix there.
    /// </summary>
    public const string Name = "pickup.browser";

    private const string Purpose = "Pickup.BrowserCookie.v1";

    /// <summary>The browser's cookie value when it is one the engine issued; otherwise null.</summary>
    public static string? Read(HttpContext http)
    {
        var value = http.Request.Cookies[NameFor(http)];
        if (string.IsNullOrEmpty(value) || value.Length > 512)
        {
            return null;
        }

        try
        {
            Protector(http).Unprotect(value);
            return value;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The browser's cookie value, set now when the browser has none the engine issued.</summary>
    public static string Ensure(HttpContext http)
    {
        if (Read(http) is { } existing)
        {
            return existing;
        }

        var value = Protector(http).Protect(BrowserBinding.NewValue());
        http.Response.Cookies.Append(NameFor(http), value, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            IsEssential = true,
        });
        return value;
    }

    private static string NameFor(HttpContext http) => http.Request.IsHttps ? SecureName : Name;

    private static IDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
}
