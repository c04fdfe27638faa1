namespace Pickup.Host.Http;

/// <summary>The browser's address as the login flow records it.</summary>
internal static class ClientAddress
{
    /// <summary>The remote address after the trusted proxies' forwarded headers were applied, or null when unknown.</summary>
    public static string? Of(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();
}
