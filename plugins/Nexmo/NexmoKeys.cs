namespace Pickup.Plugins.Nexmo;

/// <summary>The identity-provider property keys the <c>nexmo</c> sender reads.</summary>
public static class NexmoKeys
{
    /// <summary>The request URL template (required); <c>$ctx.num</c>, <c>$ctx.msg</c>, <c>$ctx.otp</c> are URL-encoded into it.</summary>
    public const string SmsUrl = "sms_url";

    /// <summary><c>GET</c> or <c>POST</c> (default).</summary>
    public const string HttpMethod = "http_method";

    /// <summary>A list of <c>"Name: value"</c> request headers.</summary>
    public const string HttpHeaders = "http_headers";

    /// <summary>The POST body template (default empty: the parameters stay in the URL).</summary>
    public const string HttpPayload = "http_payload";

    /// <summary>0 accepts any 2xx status; otherwise only exactly this status is a success.</summary>
    public const string HttpResponseCode = "http_response_code";

    /// <summary>Seconds allowed to open the connection (default 5, 1..60).</summary>
    public const string ConnectTimeout = "connect_timeout";

    /// <summary>Seconds allowed for the whole send (default 10, 1..120).</summary>
    public const string Timeout = "timeout";

    /// <summary>
    /// True: a failure's detail carries Vonage's status and (masked) error text; false (default, as in WSO2): only a
    /// short category. The engine's log always has the full, masked reason.
    /// </summary>
    public const string ShowDetailedErrorInfo = "show_detailed_error_info";

    /// <summary>Every key above.</summary>
    public static IReadOnlyCollection<string> All { get; } =
        [SmsUrl, HttpMethod, HttpHeaders, HttpPayload, HttpResponseCode, ConnectTimeout, Timeout, ShowDetailedErrorInfo];
}
