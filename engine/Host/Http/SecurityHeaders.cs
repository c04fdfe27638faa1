namespace Pickup.Host.Http;

/// <summary>Headers for every page of the login flow.</summary>
internal static class SecurityHeaders
{
    public static void ApplyToPage(HttpResponse response)
    {
        var headers = response.Headers;
        // Pages carry a sessionDataKey and forms: never cache them, never frame them, never leak the URL onward.
        // No form-action: browsers apply it to the redirect chain after a post, which ends at the app's callback.
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers["X-Frame-Options"] = "DENY";
        headers["X-Content-Type-Options"] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (response.HttpContext.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        }

        headers.ContentSecurityPolicy =
            "default-src 'self'; style-src 'self'; img-src 'self' data:; script-src 'self'; frame-ancestors 'none'; base-uri 'none'";
    }
}
