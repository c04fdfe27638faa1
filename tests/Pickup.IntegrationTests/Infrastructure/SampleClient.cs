using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Pickup.FakeVonage;
using Pickup.Samples.PickupDispatch;

namespace Pickup.IntegrationTests.Infrastructure;

/// <summary>
/// The sample app (Pickup Dispatch, or the same app as another client) started in this process on 127.0.0.1, with a
/// cookie-keeping HTTP client that signs Alex in through the engine the way a browser would, without one.
/// </summary>
internal sealed class SampleClient : IAsyncDisposable
{
    private readonly string _data;
    private readonly WebApplication _app;

    private SampleClient(WebApplication app, string data, string url, CookieContainer cookies)
    {
        _app = app;
        _data = data;
        Url = url;
        Cookies = cookies;
        Http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The app's home page, with a trailing slash (<c>http://127.0.0.1:PORT/pickup-dispatch/</c>).</summary>
    public string Url { get; }

    /// <summary>The browser's cookies (shared with the engine's pages, as in a real browser).</summary>
    public CookieContainer Cookies { get; }

    /// <summary>The browser: follows no redirect on its own.</summary>
    public HttpClient Http { get; }

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The second sample client's client id (the sample app run as "Fleet Reports").</summary>
    public const string FleetReportsClientId = "fleet-reports";

    /// <summary>The second sample client's secret.</summary>
    public const string FleetReportsSecret = "fleet-reports-secret";

    /// <summary>The second sample client's path base.</summary>
    public const string FleetReportsPathBase = "/fleet-reports";

    /// <summary>
    /// The service provider file of "Fleet Reports" with its home page at <paramref name="homeUrl"/>: its own client,
    /// a back-channel logout endpoint, and <paramref name="steps"/>.
    /// </summary>
    public static string FleetReportsServiceProvider(string homeUrl, string steps) => $$"""
        name = "fleet-reports"
        [oidc]
        client_id = "{{FleetReportsClientId}}"
        client_secret = "{{FleetReportsSecret}}"
        callback_urls = ["{{homeUrl}}oauth2client"]
        post_logout_redirect_urls = ["{{homeUrl}}"]
        backchannel_logout_uri = "{{homeUrl}}backchannel-logout"
        [claims]
        subject_claim_uri = "http://wso2.org/claims/mobile"
        {{steps}}
        """;

    /// <summary>Pickup Dispatch's service provider file with its back-channel logout endpoint registered.</summary>
    public static string DispatchServiceProvider(string homeUrl) => TestHome.ServiceProvider(
        homeUrl + "oauth2client",
        homeUrl,
        $"client_secret = \"{TestHome.ClientSecret}\"\nbackchannel_logout_uri = \"{homeUrl}backchannel-logout\"");

    /// <summary>Where a sample app on <paramref name="port"/> under <paramref name="pathBase"/> has its home page.</summary>
    public static string HomeUrl(int port, string pathBase = PickupDispatchApp.PathBase) => $"http://127.0.0.1:{port}{pathBase}/";

    /// <summary>Starts the app as client <paramref name="clientId"/> of <paramref name="engine"/>.</summary>
    /// <param name="engine">The engine it signs in through.</param>
    /// <param name="port">Its port (the engine's service provider registers URLs on it).</param>
    /// <param name="clientId">Its client id.</param>
    /// <param name="clientSecret">Its secret.</param>
    /// <param name="pathBase">Its path base; another than Pickup Dispatch's makes it a second client.</param>
    /// <param name="displayName">The name its pages show.</param>
    /// <param name="cookies">A browser's cookies to share (the same browser using two apps).</param>
    public static async Task<SampleClient> StartAsync(
        EngineServer engine,
        int port,
        string clientId = TestHome.ClientId,
        string clientSecret = TestHome.ClientSecret,
        string pathBase = PickupDispatchApp.PathBase,
        string? displayName = null,
        CookieContainer? cookies = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var data = Path.Combine(Path.GetTempPath(), "pickup-sample-it-" + Guid.NewGuid().ToString("N")[..12]);
        var app = PickupDispatchApp.Build([], builder =>
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Configuration["Oidc:Authority"] = engine.BaseUrl.ToString();
            builder.Configuration["Oidc:ClientId"] = clientId;
            builder.Configuration["Oidc:ClientSecret"] = clientSecret;
            builder.Configuration["Bookings:Database"] = Path.Combine(data, "bookings.db");
            builder.Configuration["App:PathBase"] = pathBase;
            builder.Configuration["App:CookieName"] = "Sample." + clientId;
            if (displayName is not null)
            {
                builder.Configuration["App:DisplayName"] = displayName;
            }
        });
        await app.StartAsync();
        return new SampleClient(app, data, HomeUrl(port, pathBase), cookies ?? new CookieContainer());
    }

    /// <summary>GETs a page of the app (relative to its home page), following redirects anywhere.</summary>
    public Task<HttpResponseMessage> GetAsync(string relative = "") => FollowAsync(Http.GetAsync(new Uri(new Uri(Url), relative)));

    /// <summary>The home page's text: the driver's number when signed in, the Login button when not.</summary>
    public async Task<string> HomeTextAsync()
    {
        using var home = await GetAsync();
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        return await BrowserSession.TextAsync(home);
    }

    /// <summary>True when the home page shows someone signed in.</summary>
    public async Task<bool> IsSignedInAsync() => (await HomeTextAsync()).Contains("Signed in as", StringComparison.Ordinal);

    /// <summary>
    /// Clicks Login and signs Alex in with his password, then the code the fake Vonage received when the service
    /// provider asks for one; ends on the app's home page.
    /// </summary>
    public async Task SignInAsync(FakeVonageServer vonage, string username = "alex", string password = "alex-password", string mobile = ScenarioTest.AlexMobile)
    {
        ArgumentNullException.ThrowIfNull(vonage);
        var sent = vonage.Messages.Count(m => m.To == mobile);
        using var login = await GetAsync("login");
        if (login.RequestMessage!.RequestUri!.ToString().StartsWith(Url, StringComparison.Ordinal))
        {
            // The browser's single sign-on session signed it in without a page.
            Assert.Contains("Signed in as", await BrowserSession.TextAsync(login), StringComparison.Ordinal);
            return;
        }

        Assert.Contains("/authenticationendpoint/login", login.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
        var page = await SubmitAsync(login, new Dictionary<string, string> { ["username"] = username, ["password"] = password });
        if (page.RequestMessage!.RequestUri!.AbsolutePath.Contains("/smsotpauthenticationendpoint/smsotp", StringComparison.Ordinal))
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (vonage.Messages.Count(m => m.To == mobile) == sent && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            using var codePage = page;
            page = await SubmitAsync(codePage, new Dictionary<string, string> { ["OTPcode"] = vonage.LatestCode(mobile) });
        }

        using var home = page;
        Assert.StartsWith(Url, home.RequestMessage!.RequestUri!.ToString(), StringComparison.Ordinal);
        Assert.Contains("Signed in as", await BrowserSession.TextAsync(home), StringComparison.Ordinal);
    }

    /// <summary>A claim of the identity token the app got at sign-in (from its Profile page); null when it has none.</summary>
    public async Task<string?> IdTokenClaimAsync(string type)
    {
        using var profile = await GetAsync("profile");
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await profile.Content.ReadAsStringAsync());
        return document.QuerySelectorAll("#id-token-claims tbody tr")
            .Select(row => row.QuerySelectorAll("td").Select(cell => cell.TextContent).ToList())
            .FirstOrDefault(cells => cells.Count == 2 && cells[0] == type)?[1];
    }

    /// <summary>
    /// The session id to end this app's sign-in with: the identity token's <c>sid</c>, or any when the engine issues none
    /// (the app then matches on <c>sub</c>).
    /// </summary>
    public async Task<string> SessionIdAsync() => await IdTokenClaimAsync("sid") ?? "session-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Posts a page's form with <paramref name="values"/> set (hidden fields kept), following redirects anywhere.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(HttpResponseMessage page, IDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(page);
        var form = BrowserSession.FindForm(await page.Content.ReadAsStringAsync(), values.Keys.First());
        var fields = form.QuerySelectorAll("input").OfType<AngleSharp.Html.Dom.IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name) && !values.ContainsKey(i.Name) && i.Type is "hidden" or "text" or "tel" or "password")
            .Select(i => KeyValuePair.Create(i.Name!, i.Value))
            .Concat(values)
            .ToList();
        var action = new Uri(page.RequestMessage!.RequestUri!, form.GetAttribute("action") ?? string.Empty);
        return await FollowAsync(Http.PostAsync(action, new FormUrlEncodedContent(fields)));
    }

    private async Task<HttpResponseMessage> FollowAsync(Task<HttpResponseMessage> sending)
    {
        var response = await sending;
        for (var i = 0; i < 20 && BrowserSession.IsRedirect(response); i++)
        {
            var next = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
            response.Dispose();
            response = await Http.GetAsync(next);
        }

        return response;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite's pooled connection may still hold the file; the temp folder is cleaned by the system later.
        }
    }
}
