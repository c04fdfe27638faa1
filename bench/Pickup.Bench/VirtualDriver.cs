using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Pickup.FakeVonage;

namespace Pickup.Bench;

/// <summary>
/// One driver with a phone, signing in to Pickup Dispatch again and again: each login is a fresh browser (new
/// cookies) doing authorize → password → SMS code → callback, then the app redeeming the code. Requests go to
/// 127.0.0.1 only; the callback host is never called, its code is read from the Location.
/// </summary>
internal sealed partial class VirtualDriver : IDisposable
{
    private const int MaxRedirects = 10;
    private static readonly TimeSpan SmsTimeout = TimeSpan.FromSeconds(10);

    private readonly Uri _baseUrl;
    private readonly FakeVonageServer _vonage;
    private readonly string _username;
    private readonly string _password;
    private readonly string _mobile;
    private readonly HttpClient _http;
    private readonly string _basicAuth;
    private ReceivedSms? _previousSms;

    public VirtualDriver(Uri baseUrl, FakeVonageServer vonage, string username, string password, string mobile)
    {
        _baseUrl = baseUrl;
        _vonage = vonage;
        _username = username;
        _password = password;
        _mobile = mobile;

        // Cookies are kept per login by hand (a fresh browser each time); connections are kept across logins.
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };
        _basicAuth = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            Uri.EscapeDataString(BenchHome.ClientId) + ":" + Uri.EscapeDataString(BenchHome.ClientSecret)));
    }

    public LatencyRecorder Latencies { get; } = new();

    public int Completed { get; private set; }

    /// <summary>Errors by step and kind (never with a password or code in the text).</summary>
    public Dictionary<string, int> Errors { get; } = [];

    /// <summary>Logs in until <paramref name="stop"/> is set or <paramref name="budget"/> runs out; a login under way finishes.</summary>
    public async Task RunAsync(LoginBudget budget, bool measured, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && budget.TryTake())
        {
            await LoginOnceAsync(measured);
        }
    }

    private async Task LoginOnceAsync(bool measured)
    {
        var step = Step.Authorize;
        var times = new TimeSpan[Enum.GetValues<Step>().Length];
        var whole = Stopwatch.StartNew();
        var clock = Stopwatch.StartNew();
        var cookies = new CookieContainer();
        try
        {
            var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
            var state = Base64Url(RandomNumberGenerator.GetBytes(16));
            var loginHtml = await AuthorizeAsync(verifier, state, cookies);
            times[(int)Step.Authorize] = clock.Elapsed;

            step = Step.Password;
            clock.Restart();
            var codeHtml = await PostPasswordAsync(loginHtml, cookies);
            times[(int)Step.Password] = clock.Elapsed;

            step = Step.SmsCode;
            clock.Restart();
            var code = await ReceiveCodeAsync();
            times[(int)Step.SmsCode] = clock.Elapsed;

            step = Step.Otp;
            clock.Restart();
            var (action, fields) = LoginPage.ReadForm(codeHtml);
            fields.Add(KeyValuePair.Create("OTPcode", code));
            using var toApp = await FollowWithinAsync(await SendAsync(HttpMethod.Post, action, fields, cookies), cookies);
            var authorizationCode = CodeFromCallback(toApp, state);
            times[(int)Step.Otp] = clock.Elapsed;

            step = Step.Token;
            clock.Restart();
            await RedeemAsync(authorizationCode, verifier);
            times[(int)Step.Token] = clock.Elapsed;
            times[(int)Step.Login] = whole.Elapsed;
        }
        catch (Exception e) when (e is BenchStepException or HttpRequestException or TaskCanceledException or TimeoutException or JsonException)
        {
            if (measured)
            {
                var kind = $"{step}: {(e is BenchStepException ? e.Message : e.GetType().Name)}";
                Errors[kind] = Errors.GetValueOrDefault(kind) + 1;
            }

            return;
        }

        if (measured)
        {
            Completed++;
            foreach (var s in Enum.GetValues<Step>())
            {
                Latencies.Add(s, times[(int)s]);
            }
        }
    }

    /// <summary>The authorization request (PKCE S256) and the engine's redirects, up to the login page's HTML.</summary>
    private async Task<string> AuthorizeAsync(string verifier, string state, CookieContainer cookies)
    {
        using var loginPage = await FollowWithinAsync(await SendAsync(HttpMethod.Get, AuthorizeUrl(verifier, state), null, cookies), cookies);
        return await PageAsync(loginPage, "username");
    }

    /// <summary>The login form with username and password, up to the SMS code page's HTML (the engine sends the code in here).</summary>
    private async Task<string> PostPasswordAsync(string loginHtml, CookieContainer cookies)
    {
        var (action, fields) = LoginPage.ReadForm(loginHtml);
        fields.Add(KeyValuePair.Create("username", _username));
        fields.Add(KeyValuePair.Create("password", _password));
        using var codePage = await FollowWithinAsync(await SendAsync(HttpMethod.Post, action, fields, cookies), cookies);
        return await PageAsync(codePage, "OTPcode");
    }

    private static string AuthorizeUrl(string verifier, string state) => QueryHelpers.AddQueryString("/oauth2/authorize", new Dictionary<string, string?>
    {
        ["client_id"] = BenchHome.ClientId,
        ["redirect_uri"] = BenchHome.CallbackUrl,
        ["response_type"] = "code",
        ["scope"] = "openid profile phone offline_access",
        ["state"] = state,
        ["nonce"] = Base64Url(RandomNumberGenerator.GetBytes(16)),
        ["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
        ["code_challenge_method"] = "S256",
    });

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, List<KeyValuePair<string, string>>? form, CookieContainer cookies)
    {
        var uri = new Uri(_baseUrl, url);
        if (uri.Authority != _baseUrl.Authority)
        {
            throw new BenchStepException($"the engine sent the browser to another host ({uri.Authority})");
        }

        using var request = new HttpRequestMessage(method, uri);
        var cookieHeader = cookies.GetCookieHeader(uri);
        if (cookieHeader.Length > 0)
        {
            request.Headers.Add("Cookie", cookieHeader);
        }

        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        var response = await _http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                cookies.SetCookies(uri, setCookie);
            }
        }

        return response;
    }

    /// <summary>Follows redirects within the engine, as a browser would, until a page or a redirect elsewhere comes back.</summary>
    private async Task<HttpResponseMessage> FollowWithinAsync(HttpResponseMessage response, CookieContainer cookies)
    {
        for (var i = 0; i < MaxRedirects && IsRedirect(response); i++)
        {
            var location = new Uri(_baseUrl, response.Headers.Location!);
            if (location.Authority != _baseUrl.Authority)
            {
                return response;
            }

            response.Dispose();
            response = await SendAsync(HttpMethod.Get, location.PathAndQuery, null, cookies);
        }

        return response;
    }

    private static async Task<string> PageAsync(HttpResponseMessage page, string field)
    {
        if (page.StatusCode != HttpStatusCode.OK)
        {
            throw new BenchStepException($"expected a page, got {(int)page.StatusCode}");
        }

        var html = await page.Content.ReadAsStringAsync();
        return html.Contains($"name=\"{field}\"", StringComparison.Ordinal)
            ? html
            : throw new BenchStepException($"the page has no {field} field{FailureKey(page)}");
    }

    // The engine's error page names its message key in the query (authFailureMsg=sms.rate.limited); never a secret.
    private static string FailureKey(HttpResponseMessage page)
    {
        var query = page.RequestMessage?.RequestUri?.Query;
        var key = string.IsNullOrEmpty(query) ? default : QueryHelpers.ParseQuery(query)["authFailureMsg"];
        return StringValues.IsNullOrEmpty(key) ? string.Empty : $" ({key})";
    }

    /// <summary>The code of the SMS that arrived for this login (not the previous one's, sent to the same phone).</summary>
    private async Task<string> ReceiveCodeAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var message = await _vonage.WaitForMessageAsync(_mobile, SmsTimeout);
            if (!ReferenceEquals(message, _previousSms))
            {
                _previousSms = message;
                var match = SixDigits().Match(message.Text);
                return match.Success ? match.Value : throw new BenchStepException("the SMS has no 6-digit code");
            }

            if (deadline.Elapsed > SmsTimeout)
            {
                throw new BenchStepException("no new SMS within 10 s");
            }

            await Task.Delay(1);
        }
    }

    private static string CodeFromCallback(HttpResponseMessage redirect, string state)
    {
        var location = redirect.Headers.Location?.ToString();
        if (!IsRedirect(redirect) || location is null || !location.StartsWith(BenchHome.CallbackUrl, StringComparison.Ordinal))
        {
            throw new BenchStepException($"expected the redirect to the app, got {(int)redirect.StatusCode}");
        }

        var query = QueryHelpers.ParseQuery(new Uri(location).Query);
        if (query["state"].ToString() != state || string.IsNullOrEmpty(query["code"].ToString()))
        {
            throw new BenchStepException("the callback has no code or the wrong state");
        }

        return query["code"].ToString();
    }

    private async Task RedeemAsync(string code, string verifier)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _basicAuth);
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = BenchHome.CallbackUrl,
            ["code_verifier"] = verifier,
        });
        using var response = await _http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new BenchStepException($"token endpoint answered {(int)response.StatusCode}");
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        if (!body.RootElement.TryGetProperty("access_token", out _) || !body.RootElement.TryGetProperty("id_token", out _))
        {
            throw new BenchStepException("token response without access_token or id_token");
        }
    }

    private static bool IsRedirect(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found;

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("(?<![0-9A-Za-z])[0-9]{6}(?![0-9A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex SixDigits();

    internal static string Mobile(int index) => "9477" + (1_000_000 + index).ToString("D7", CultureInfo.InvariantCulture);
}
