using AngleSharp.Html.Dom;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Security;

/// <summary>
/// A <see cref="BrowserSession"/> that keeps what the browser saw (status, Location and body of every response) and
/// the values that matter to an attacker (every sessionDataKey it was handed), so tests can search them.
/// </summary>
internal sealed class RecordingBrowser : IDisposable
{
    private readonly List<string> _transcript = [];
    private readonly HashSet<string> _sessionDataKeys = new(StringComparer.Ordinal);

    public RecordingBrowser(Uri baseUrl)
    {
        Session = new BrowserSession(baseUrl);
    }

    public BrowserSession Session { get; }

    /// <summary>Every response: "STATUS Location" then the body.</summary>
    public IReadOnlyList<string> Transcript => _transcript;

    /// <summary>Only the Location headers (redirects), in order.</summary>
    public List<string> Locations { get; } = [];

    public IReadOnlyCollection<string> SessionDataKeys => _sessionDataKeys;

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        var response = await Session.Client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        var body = await response.Content.ReadAsStringAsync();
        var location = response.Headers.Location?.ToString();
        if (location is not null)
        {
            Locations.Add(location);
            Keep(KeyIn(location));
        }

        Keep(HiddenValue(body, "sessionDataKey"));
        _transcript.Add($"{(int)response.StatusCode} {location}\n{body}");
        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    /// <summary>Follows the engine's own redirects (not the one to the app) until a page comes back.</summary>
    public async Task<HttpResponseMessage> FollowWithinAsync(HttpResponseMessage response, int limit = 10)
    {
        for (var i = 0; i < limit && BrowserSession.IsRedirect(response) && IsOwn(response.Headers.Location!); i++)
        {
            response = await GetAsync(response.Headers.Location!.ToString());
        }

        return response;
    }

    /// <summary>Posts the page's form (hidden fields included) with <paramref name="values"/> set, and follows within the engine.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(HttpResponseMessage page, IDictionary<string, string> values)
    {
        var html = await page.Content.ReadAsStringAsync();
        var form = BrowserSession.FindForm(html, values.Keys.FirstOrDefault());
        var fields = form.QuerySelectorAll("input").OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name) && !values.ContainsKey(i.Name) && i.Type is "hidden" or "text" or "tel" or "password")
            .Select(i => KeyValuePair.Create(i.Name!, i.Value))
            .Concat(values)
            .ToList();
        var request = new HttpRequestMessage(HttpMethod.Post, form.GetAttribute("action") ?? "/commonauth")
        {
            Content = new FormUrlEncodedContent(fields),
        };
        return await FollowWithinAsync(await SendAsync(request));
    }

    /// <summary>All the browser saw, as one text.</summary>
    public string AllText() => string.Join("\n", _transcript);

    public void Dispose() => Session.Dispose();

    /// <summary>The value of the hidden input <paramref name="name"/> of the first form that has one, or null.</summary>
    public static string? HiddenValue(string html, string name)
    {
        if (!html.Contains("<form", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        return document.QuerySelector($"input[name='{name}']")?.GetAttribute("value");
    }

    private static string? KeyIn(string location)
    {
        var query = location.Contains('?', StringComparison.Ordinal) ? location[(location.IndexOf('?', StringComparison.Ordinal) + 1)..] : string.Empty;
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query).TryGetValue("sessionDataKey", out var key) ? key.ToString() : null;
    }

    private void Keep(string? sessionDataKey)
    {
        if (!string.IsNullOrEmpty(sessionDataKey))
        {
            _sessionDataKeys.Add(sessionDataKey);
        }
    }

    private bool IsOwn(Uri location) => !location.IsAbsoluteUri || location.Authority == Session.Client.BaseAddress!.Authority;
}
