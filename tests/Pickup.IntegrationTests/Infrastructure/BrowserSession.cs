using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Pickup.IntegrationTests.Infrastructure;

/// <summary>
/// A cookie-keeping HTTP client that behaves like a browser on the login pages: it follows nothing on its own,
/// reads forms (hidden fields included) and posts them back.
/// </summary>
internal sealed class BrowserSession : IDisposable
{
    private static readonly HtmlParser Parser = new();
    private readonly HttpClient _client;

    /// <param name="baseUrl">The server the relative URLs go to.</param>
    /// <param name="cookies">Cookies to share with another session (the same browser talking to another node).</param>
    public BrowserSession(Uri baseUrl, CookieContainer? cookies = null)
    {
        Cookies = cookies ?? new CookieContainer();
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Client => _client;

    public Task<HttpResponseMessage> GetAsync(string url) => _client.GetAsync(url);

    /// <summary>GETs the Location of a redirect.</summary>
    public Task<HttpResponseMessage> FollowAsync(HttpResponseMessage redirect)
    {
        Assert.True(
            redirect.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found,
            $"expected a redirect, got {(int)redirect.StatusCode}");
        return _client.GetAsync(redirect.Headers.Location);
    }

    /// <summary>Follows redirects within the engine until a page (or a redirect elsewhere) comes back.</summary>
    public async Task<HttpResponseMessage> FollowWithinAsync(HttpResponseMessage response, int limit = 10)
    {
        for (var i = 0; i < limit && IsRedirect(response) && IsOwn(response.Headers.Location!); i++)
        {
            response = await FollowAsync(response);
        }

        return response;
    }

    /// <summary>Reads the page's form (the one with <paramref name="field"/> when given) and posts it with <paramref name="values"/> set.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(HttpResponseMessage page, IDictionary<string, string> values, string? field = null)
    {
        var html = await page.Content.ReadAsStringAsync();
        var form = FindForm(html, field ?? values.Keys.FirstOrDefault());
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input").OfType<IHtmlInputElement>())
        {
            if (!string.IsNullOrEmpty(input.Name) && !values.ContainsKey(input.Name) && input.Type is "hidden" or "text" or "tel" or "password")
            {
                fields.Add(KeyValuePair.Create(input.Name, input.Value));
            }
        }

        fields.AddRange(values);
        var action = form.GetAttribute("action") ?? page.RequestMessage!.RequestUri!.ToString();
        return await _client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public static IHtmlFormElement FindForm(string html, string? field)
    {
        var document = Parser.ParseDocument(html);
        var forms = document.Forms.ToList();
        Assert.NotEmpty(forms);
        return forms.FirstOrDefault(f => field is not null && f.QuerySelector($"[name='{field}']") is not null) ?? forms[0];
    }

    public static async Task<string> TextAsync(HttpResponseMessage page) =>
        Parser.ParseDocument(await page.Content.ReadAsStringAsync()).Body?.TextContent ?? string.Empty;

    public static bool IsRedirect(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found;

    private bool IsOwn(Uri location) => !location.IsAbsoluteUri || location.Authority == _client.BaseAddress!.Authority;

    public void Dispose() => _client.Dispose();
}
