using System.Text.RegularExpressions;

namespace Pickup.Plugins.SmsOtp.Configuration;

/// <summary>Maps a WSO2 page setting (<c>smsotpauthenticationendpoint/smsotp.jsp</c>, or a full URL) to a template name.</summary>
public static partial class PageTemplate
{
    /// <summary>
    /// Takes the URL's path when <paramref name="value"/> is an absolute http(s) URL, drops any query or fragment, trims
    /// a leading <c>/</c> and a <c>.jsp</c> or <c>.html</c> extension. Returns null when what is left is not a template
    /// name (segments of letters, digits, <c>_</c> and <c>-</c> joined by <c>/</c>).
    /// </summary>
    /// <example><c>https://idp.example/smsotpauthenticationendpoint/smsotp.jsp?x=1</c> → <c>smsotpauthenticationendpoint/smsotp</c>.</example>
    public static string? FromSetting(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var path = value.Trim();
        if (Uri.TryCreate(path, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            path = uri.AbsolutePath;
        }

        var end = path.IndexOfAny(['?', '#']);
        if (end >= 0)
        {
            path = path[..end];
        }

        path = path.TrimStart('/');
        foreach (var extension in (string[])[".jsp", ".html"])
        {
            if (path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                path = path[..^extension.Length];
                break;
            }
        }

        return TemplateName().IsMatch(path) ? path : null;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateName();
}
