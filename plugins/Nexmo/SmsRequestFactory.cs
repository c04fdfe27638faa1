using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using Pickup.Sms.Contracts;

namespace Pickup.Plugins.Nexmo;

/// <summary>Builds the HTTP request for one message from an identity provider's templates.</summary>
internal static partial class SmsRequestFactory
{
    /// <summary>Creates the request; the caller disposes it.</summary>
    public static HttpRequestMessage Create(NexmoSettings settings, SmsMessage message)
    {
        var url = Substitute(settings.SmsUrl, message, Uri.EscapeDataString);
        var request = new HttpRequestMessage(settings.Method, new Uri(url, UriKind.Absolute));

        // With an empty payload the parameters stay in the URL and the body is empty, as the reference sends them.
        if (settings.Payload.Length > 0)
        {
            var body = Substitute(settings.Payload, message, EncoderFor(settings.PayloadEncoding));
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", settings.PayloadContentType);
            request.Content = content;
        }
        else
        {
            // Always a body, even an empty one (Content-Length: 0): SocketsHttpHandler silently re-sends a request
            // without content when the connection closes before any answer, and the provider may already have sent
            // the SMS by then. Once content has been sent, it never re-sends.
            request.Content = new ByteArrayContent([]);
        }

        foreach (var header in settings.Headers)
        {
            if (header.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                continue; // already on a payload; an empty body has no content type
            }

            if (!request.Headers.TryAddWithoutValidation(header.Name, header.Value))
            {
                // Content headers (Content-Language, ...) belong to the content.
                request.Content.Headers.TryAddWithoutValidation(header.Name, header.Value);
            }
        }

        return request;
    }

    /// <summary>
    /// Replaces <c>$ctx.num</c>, <c>$ctx.msg</c> and <c>$ctx.otp</c> in one pass, so a message that itself contains
    /// a placeholder is never expanded twice.
    /// </summary>
    public static string Substitute(string template, SmsMessage message, Func<string, string> encode) =>
        Placeholder().Replace(template, match => encode(match.Groups[1].Value switch
        {
            "num" => message.Number,
            "msg" => message.Text,
            _ => message.Code,
        }));

    private static Func<string, string> EncoderFor(PayloadEncoding encoding) => encoding switch
    {
        PayloadEncoding.Form => Uri.EscapeDataString,
        PayloadEncoding.Json => EscapeJsonString,
        PayloadEncoding.Xml => EscapeXml,
        _ => static value => value,
    };

    private static string EscapeJsonString(string value) => JsonEncodedText.Encode(value).Value;

    // Valid in element text and in either kind of quoted attribute. Characters XML 1.0 cannot carry at all (most
    // control characters) are dropped: escaping cannot make them legal, and the provider would refuse the document.
    internal static string EscapeXml(string value)
    {
        var builder = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&apos;"); break;
                default:
                    if (XmlConvert.IsXmlChar(c) || char.IsSurrogate(c))
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\$ctx\.(num|msg|otp)", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
