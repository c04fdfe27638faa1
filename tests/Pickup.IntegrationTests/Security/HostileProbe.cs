using System.Net;
using System.Text.RegularExpressions;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Security;

/// <summary>What kind of answer an endpoint owes a hostile request.</summary>
internal enum Answer
{
    /// <summary>A page for a browser: a refusal is a 4xx HTML page with a heading (or a 303 to one).</summary>
    Html,

    /// <summary>A protocol endpoint (token, userinfo, discovery): a refusal is a 4xx, JSON or empty.</summary>
    Protocol,

    /// <summary>Anything that is not a server error (health, static files, requests the HTTP parser refuses).</summary>
    Any,
}

/// <summary>
/// Sends hostile requests and judges the answers: never a 5xx, never a stack trace, never a secret or an echoed
/// hostile marker, a friendly page for a refused browser request, and redirects only within the engine or to the
/// app's registered addresses. Problems are collected, not thrown, so one run reports every one of them.
/// </summary>
internal sealed partial class HostileProbe
{
    /// <summary>Put into hostile values that must never come back in a page (a raw failure key, for one).</summary>
    public const string Marker = "hostilemarker";

    /// <summary>The registered post_logout_redirect_uri of the test home.</summary>
    private const string PostLogoutUrl = "http://127.0.0.1:1/pickup-dispatch/";

    private readonly SecurityWorld _world;
    private readonly List<string> _problems = [];
    private readonly string[] _secrets;

    public HostileProbe(SecurityWorld world)
    {
        _world = world;
        _secrets = [SecurityWorld.AlexPassword, SecurityWorld.BlakePassword, SecurityWorld.CaseyPassword, SecurityWorld.ApiSecret, TestHome.ClientSecret];
    }

    public int Tried { get; private set; }

    public int ServerErrors { get; private set; }

    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Sends <paramref name="request"/> from <paramref name="browser"/> and judges the answer.</summary>
    /// <param name="notEchoed">Values that must not appear in the answer (a stranger's sessionDataKey, for one).</param>
    public async Task SendAsync(BrowserSession browser, HttpRequestMessage request, Answer answer, string name, params string[] notEchoed)
    {
        Tried++;
        HttpResponseMessage response;
        try
        {
            response = await browser.Client.SendAsync(request);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // No answer at all (a reset connection, or none within the client's timeout) is as bad as a 500.
            _problems.Add($"{name}: no answer ({ex.GetType().Name}: {ex.Message})");
            return;
        }

        using (response)
        {
            await JudgeAsync(browser, response, answer, name, notEchoed, followRedirect: true);
        }
    }

    /// <summary>Records the result of a request sent some other way (raw bytes over TCP).</summary>
    public void Judge(int status, string body, string name)
    {
        Tried++;
        if (status >= 500)
        {
            ServerErrors++;
            _problems.Add($"{name}: {status} {Snippet(body)}");
        }

        CheckBody(body, name, []);
    }

    /// <summary>Adds a problem found outside one request (a changed user record, an error in the log).</summary>
    public void Problem(string text) => _problems.Add(text);

    /// <summary>One line per problem, at most <paramref name="max"/>, for an assertion message.</summary>
    public string Report(int max = 40) =>
        string.Join("\n", _problems.Take(max)) + (_problems.Count > max ? $"\n... and {_problems.Count - max} more" : string.Empty);

    private async Task JudgeAsync(BrowserSession browser, HttpResponseMessage response, Answer answer, string name, string[] notEchoed, bool followRedirect)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            ServerErrors++;
            _problems.Add($"{name}: {status} {Snippet(body)}");
            return;
        }

        // Kestrel's own refusals of a request line or header block over its limits: no application code, and so
        // no page, can run for them.
        if (status is 414 or 431)
        {
            return;
        }

        CheckBody(body, name, notEchoed);
        if (BrowserSession.IsRedirect(response) || response.StatusCode == HttpStatusCode.TemporaryRedirect)
        {
            var location = response.Headers.Location;
            if (location is null)
            {
                _problems.Add($"{name}: {status} without a Location");
                return;
            }

            foreach (var value in notEchoed.Where(v => v.Length >= 8))
            {
                if (location.OriginalString.Contains(value, StringComparison.Ordinal) || location.OriginalString.Contains(Uri.EscapeDataString(value), StringComparison.Ordinal))
                {
                    _problems.Add($"{name}: the redirect echoes a value it must not: {Snippet(location.OriginalString)}");
                }
            }

            if (location.IsAbsoluteUri && location.Authority != _world.Engine.BaseUrl.Authority)
            {
                // Only OpenID Connect sends the browser away, and only to the app's registered addresses.
                if (!location.OriginalString.StartsWith(_world.Home.CallbackUrl + "?", StringComparison.Ordinal)
                    && location.OriginalString != PostLogoutUrl
                    && !location.OriginalString.StartsWith(PostLogoutUrl + "?", StringComparison.Ordinal))
                {
                    _problems.Add($"{name}: redirected off the engine to {Snippet(location.OriginalString)}");
                }

                return;
            }

            if (followRedirect)
            {
                using var next = await browser.Client.GetAsync(location);
                await JudgeAsync(browser, next, Answer.Html, name + " -> " + Snippet(location.OriginalString, 80), notEchoed, followRedirect: false);
            }

            return;
        }

        if (answer == Answer.Html && status is >= 400 and < 500 && !IsFriendlyPage(response, body))
        {
            _problems.Add($"{name}: {status} is not a friendly page ({response.Content.Headers.ContentType}): {Snippet(body)}");
        }
    }

    private void CheckBody(string body, string name, string[] notEchoed)
    {
        if (StackTrace().IsMatch(body))
        {
            _problems.Add($"{name}: the answer shows a stack trace or exception: {Snippet(body)}");
        }

        foreach (var secret in _secrets.Where(s => body.Contains(s, StringComparison.Ordinal)))
        {
            _problems.Add($"{name}: the answer contains a secret ({secret[..4]}...)");
        }

        if (body.Contains(Marker, StringComparison.OrdinalIgnoreCase))
        {
            _problems.Add($"{name}: the answer echoes the hostile value: {Snippet(body[Math.Max(0, body.IndexOf(Marker, StringComparison.OrdinalIgnoreCase) - 100)..])}");
        }

        foreach (var value in notEchoed.Where(v => v.Length >= 8 && body.Contains(v, StringComparison.Ordinal)))
        {
            _problems.Add($"{name}: the answer echoes a value it must not ({Snippet(value, 20)})");
        }
    }

    private static bool IsFriendlyPage(HttpResponseMessage response, string body) =>
        response.Content.Headers.ContentType?.MediaType == "text/html"
        && body.Contains("</html>", StringComparison.OrdinalIgnoreCase)
        && HeadingWithText().IsMatch(body);

    private static string Snippet(string text, int max = 300)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= max ? flat : flat[..max] + "...";
    }

    [GeneratedRegex(@"(\b[A-Z]\w*Exception\b)|(^\s+at \S+\()|(\.cs:line \d+)", RegexOptions.Multiline | RegexOptions.CultureInvariant, 5000)]
    private static partial Regex StackTrace();

    [GeneratedRegex(@"<h1>\s*[^<\s][^<]*</h1>", RegexOptions.CultureInvariant, 5000)]
    private static partial Regex HeadingWithText();
}
