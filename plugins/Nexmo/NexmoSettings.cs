using System.Net.Http.Headers;
using Pickup.Abstractions.Configuration;

namespace Pickup.Plugins.Nexmo;

/// <summary>An identity provider's <c>nexmo</c> properties, read and checked.</summary>
internal sealed record NexmoSettings(
    string SmsUrl,
    string Endpoint,
    HttpMethod Method,
    IReadOnlyList<HeaderLine> Headers,
    string Payload,
    string PayloadContentType,
    PayloadEncoding PayloadEncoding,
    int ResponseCode,
    int ConnectTimeoutSeconds,
    int TimeoutSeconds,
    bool ShowDetailedErrorInfo)
{
    public const int MinConnectTimeout = 1;
    public const int MaxConnectTimeout = 60;
    public const string FormContentType = "application/x-www-form-urlencoded";

    /// <inheritdoc />
    // The URL holds api_secret and the headers may hold tokens: only the endpoint is safe to print.
    public override string ToString() => $"NexmoSettings {{ Endpoint = {Endpoint}, Method = {Method} }}";

    /// <summary>Reads the properties, recording every problem in <paramref name="properties"/>.</summary>
    public static NexmoSettings Read(PluginParameters properties)
    {
        var smsUrl = properties.GetRequiredString(NexmoKeys.SmsUrl);
        var endpoint = ReadEndpoint(properties, smsUrl);
        var method = ReadMethod(properties);
        var headers = ReadHeaders(properties);
        var payload = properties.GetString(NexmoKeys.HttpPayload, string.Empty);
        if (payload.Length > 0 && method == HttpMethod.Get)
        {
            properties.AddError(NexmoKeys.HttpPayload, $"'{NexmoKeys.HttpPayload}' is sent only with POST; set http_method = \"POST\" or remove it");
        }

        var contentType = ReadContentType(properties, headers);
        var responseCode = properties.GetInt32(NexmoKeys.HttpResponseCode, 0, 0, 599);
        if (responseCode is > 0 and < 100)
        {
            properties.AddError(NexmoKeys.HttpResponseCode, $"'{NexmoKeys.HttpResponseCode}' must be 0 (any 2xx) or an HTTP status from 100 to 599");
        }

        var connectTimeout = properties.GetInt32(NexmoKeys.ConnectTimeout, 5, MinConnectTimeout, MaxConnectTimeout);
        var timeout = properties.GetInt32(NexmoKeys.Timeout, 10, 1, 120);
        var detailed = properties.GetBoolean(NexmoKeys.ShowDetailedErrorInfo, false);
        return new NexmoSettings(
            smsUrl,
            endpoint,
            method,
            headers,
            payload,
            contentType,
            EncodingFor(contentType),
            responseCode,
            connectTimeout,
            timeout,
            detailed);
    }

    /// <summary>
    /// Reads the properties without touching <paramref name="properties"/> (it is shared by concurrent sends);
    /// null when they are invalid.
    /// </summary>
    public static NexmoSettings? TryReadDetached(PluginParameters properties)
    {
        var values = new Dictionary<string, ParameterValue>(StringComparer.Ordinal);
        foreach (var key in properties.Keys)
        {
            if (properties.TryGetValue(key, out var value))
            {
                values[key] = value;
            }
        }

        var copy = new PluginParameters(values, properties.TableLocation);
        var settings = Read(copy);
        return copy.Errors.Count == 0 ? settings : null;
    }

    private static string ReadEndpoint(PluginParameters properties, string smsUrl)
    {
        if (smsUrl.Length == 0)
        {
            return string.Empty; // already reported as missing or empty
        }

        // Checked with sample values in place of the placeholders, as a real send would see it.
        var sample = smsUrl.Replace("$ctx.", "ctx", StringComparison.Ordinal);
        if (!Uri.TryCreate(sample, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0)
        {
            // Never echo the value: it carries api_secret.
            properties.AddError(NexmoKeys.SmsUrl, $"'{NexmoKeys.SmsUrl}' must be an absolute http:// or https:// URL");
            return string.Empty;
        }

        // Plain http would carry api_secret and every code in clear: only to this machine (a local relay, the tests' fake).
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            properties.AddError(
                NexmoKeys.SmsUrl,
                $"'{NexmoKeys.SmsUrl}' uses plain http:// to {uri.Host}, which would send api_secret and every code in clear: use https:// "
                + "(http:// is allowed only to a loopback address: 127.0.0.1, ::1 or localhost)");
            return string.Empty;
        }

        // Host and path of the template, placeholders unfilled: safe for logs even if a placeholder sits in the path.
        return Uri.TryCreate(smsUrl, UriKind.Absolute, out var template)
            ? template.Host + template.AbsolutePath
            : uri.Host + uri.AbsolutePath;
    }

    private static HttpMethod ReadMethod(PluginParameters properties)
    {
        var text = properties.GetString(NexmoKeys.HttpMethod, "POST");
        if (string.Equals(text, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return HttpMethod.Post;
        }

        if (string.Equals(text, "GET", StringComparison.OrdinalIgnoreCase))
        {
            return HttpMethod.Get;
        }

        properties.AddError(NexmoKeys.HttpMethod, $"'{NexmoKeys.HttpMethod}' must be \"GET\" or \"POST\"");
        return HttpMethod.Post;
    }

    private static List<HeaderLine> ReadHeaders(PluginParameters properties)
    {
        var headers = new List<HeaderLine>();
        var lines = properties.GetStringList(NexmoKeys.HttpHeaders);
        for (var i = 0; i < lines.Count; i++)
        {
            var header = HeaderLine.Parse(lines[i], out var error);
            if (header is null)
            {
                properties.AddError(NexmoKeys.HttpHeaders, $"'{NexmoKeys.HttpHeaders}' entry {i + 1} {error}");
            }
            else
            {
                headers.Add(header);
            }
        }

        return headers;
    }

    private static string ReadContentType(PluginParameters properties, List<HeaderLine> headers)
    {
        var declared = headers.Where(h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).ToList();
        if (declared.Count > 1)
        {
            properties.AddError(NexmoKeys.HttpHeaders, $"'{NexmoKeys.HttpHeaders}' sets Content-Type more than once");
        }

        if (declared.Count == 0)
        {
            return FormContentType;
        }

        if (!MediaTypeHeaderValue.TryParse(declared[0].Value, out _))
        {
            properties.AddError(NexmoKeys.HttpHeaders, $"'{NexmoKeys.HttpHeaders}' has a Content-Type that is not a media type");
            return FormContentType;
        }

        return declared[0].Value;
    }

    private static PayloadEncoding EncodingFor(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType is null)
        {
            return PayloadEncoding.Raw;
        }

        var mediaType = parsed.MediaType;
        if (mediaType.Equals(FormContentType, StringComparison.OrdinalIgnoreCase))
        {
            return PayloadEncoding.Form;
        }

        if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            return PayloadEncoding.Json;
        }

        return mediaType.Equals("application/xml", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("text/xml", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
            ? PayloadEncoding.Xml
            : PayloadEncoding.Raw;
    }
}
