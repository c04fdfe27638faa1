using System.Globalization;
using System.Net;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Flows;

/// <summary>
/// An unauthenticated flood of <c>/oauth2/authorize</c> (issue 9, item 2): a per-address limit on starting logins,
/// untouched attempts evicted oldest-first when the store is full, a 503 page when every attempt is in use, and a
/// driver from another address who still signs in. Bounded: a store of a few dozen attempts, a few hundred requests.
/// Many addresses come through <c>X-Forwarded-For</c> from a trusted proxy on loopback.
/// </summary>
public sealed class AuthorizeFloodTests : ScenarioTest
{
    private const string DriverAddress = "198.51.100.77";

    [Fact]
    public async Task Authorize_MoreStartsThanAuthorizePerIpPerMinute_Get429WithRetryAfter_AndOtherAddressesDoNot()
    {
        await RestartWithAsync(authorizePerMinute: 3, capacity: 1000);
        using var http = NoCookieClient();

        var fromOne = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            fromOne.Add(await StartLoginAsync(http, "203.0.113.5"));
        }

        // One IPv6 subscriber picks a new address of its /64 for each request: still one allowance.
        var fromOneSlash64 = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
        {
            fromOneSlash64.Add(await StartLoginAsync(http, $"2001:db8:7:7::{i}"));
        }

        Assert.Equal([HttpStatusCode.SeeOther, HttpStatusCode.SeeOther, HttpStatusCode.SeeOther, HttpStatusCode.TooManyRequests], fromOne);
        Assert.Equal([HttpStatusCode.SeeOther, HttpStatusCode.SeeOther, HttpStatusCode.SeeOther, HttpStatusCode.TooManyRequests], fromOneSlash64);
        Assert.Equal(HttpStatusCode.SeeOther, await StartLoginAsync(http, "203.0.113.6"));
        Assert.Equal(HttpStatusCode.SeeOther, await StartLoginAsync(http, "2001:db8:7:8::1"));

        using var limited = await SendStartAsync(http, "203.0.113.5");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", limited.Headers.RetryAfter?.ToString());
        Assert.Contains("role=\"alert\"", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Flood_FromManyAddresses_FillsTheStore_DriverFromAnotherAddressStillSignsIn(bool redis)
    {
        await using var server = redis ? await RedisServer.StartAsync() : null;
        await RestartWithAsync(authorizePerMinute: 10, capacity: 20, server);
        using var http = NoCookieClient();

        // Before the driver: 10 addresses × 10 starts fill the store of 20 five times over; an 11th start from a
        // flooding address is refused.
        Assert.All(await FloodAsync(http, "203.0.113.", 10), s => Assert.Equal(HttpStatusCode.SeeOther, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StartLoginAsync(http, "203.0.113.1"));

        using var browser = new BrowserSession(Engine.BaseUrl);
        browser.Client.DefaultRequestHeaders.Add("X-Forwarded-For", DriverAddress);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var codePage = await SignInAsync(browser, client);
        Assert.Equal("/smsotpauthenticationendpoint/smsotp", codePage.RequestMessage!.RequestUri!.AbsolutePath);

        // During the login: another flood from 10 other addresses, while the driver reads the text message.
        Assert.All(await FloodAsync(http, "192.0.2.", 10), s => Assert.Equal(HttpStatusCode.SeeOther, s));

        var toApp = await SubmitCodeAsync(browser, codePage, await ReceivedCodeAsync());
        var tokens = await client.RedeemAsync(client.CodeFrom(toApp));
        Assert.Equal(AlexMobile, OidcTestClient.Payload(tokens.GetProperty("id_token").GetString()!).GetProperty("sub").GetString());

        // After the flood, the next login from the driver's address goes through as well.
        using var later = new BrowserSession(Engine.BaseUrl);
        later.Client.DefaultRequestHeaders.Add("X-Forwarded-For", DriverAddress);
        var laterClient = new OidcTestClient(later, Home.CallbackUrl);
        var laterCodePage = await SignInAsync(later, laterClient);
        Assert.Equal("/smsotpauthenticationendpoint/smsotp", laterCodePage.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Authorize_StoreFullOfAttemptsInUse_Answers503WithRetryAfter_AndTheDriverInItFinishes(bool redis)
    {
        await using var server = redis ? await RedisServer.StartAsync() : null;

        // Signing in moves the attempt to a new key and keeps the old one as a short pointer: two attempts in use.
        await RestartWithAsync(authorizePerMinute: 0, capacity: 2, server);
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var codePage = await SignInAsync(browser, client);
        Assert.Equal("/smsotpauthenticationendpoint/smsotp", codePage.RequestMessage!.RequestUri!.AbsolutePath);

        using var http = NoCookieClient();
        using var full = await SendStartAsync(http, "127.0.0.1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
        Assert.Equal("60", full.Headers.RetryAfter?.ToString());
        var page = await full.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"", page, StringComparison.Ordinal);
        Assert.Contains("briefly unavailable", page, StringComparison.Ordinal);

        var toApp = await SubmitCodeAsync(browser, codePage, await ReceivedCodeAsync());
        Assert.NotEmpty(client.CodeFrom(toApp));
    }

    [Theory]
    [InlineData(3000, 1)]
    [InlineData(10, 40)]
    public async Task Authorize_OverLongOrTooManyParameters_IsRefusedWithAPageAndNothingStored(int length, int count)
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var url = client.AuthorizeUrl() + string.Concat(Enumerable.Range(0, count).Select(i => $"&x{i.ToString(CultureInfo.InvariantCulture)}={new string('a', length)}"));

        using var response = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("too large", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("pickup.browser=", StringComparison.Ordinal)));
    }

    private async Task RestartWithAsync(int authorizePerMinute, int capacity, RedisServer? redis = null)
    {
        var deployment = TestHome.Deployment(Home.Port)
            .Replace("scheme = \"http\"", "scheme = \"http\"\ntrusted_proxies = [\"127.0.0.1\"]", StringComparison.Ordinal)
            .Replace(
                "authorize_per_ip_per_minute = 0",
                $"authorize_per_ip_per_minute = {authorizePerMinute.ToString(CultureInfo.InvariantCulture)}\nattempt_store_capacity = {capacity.ToString(CultureInfo.InvariantCulture)}",
                StringComparison.Ordinal);
        if (redis is not null)
        {
            deployment = deployment.Replace("[security.sms_limits]", $"[session]\nstore = \"redis\"\nconnection = \"{redis.Connection}\"\n\n[security.sms_limits]", StringComparison.Ordinal);
        }

        Home.Write("conf/deployment.toml", deployment);
        await RestartEngineAsync();
    }

    private HttpClient NoCookieClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Engine.BaseUrl };

    private async Task<HttpResponseMessage> SendStartAsync(HttpClient http, string address)
    {
        using var session = new BrowserSession(Engine.BaseUrl);
        using var request = new HttpRequestMessage(HttpMethod.Get, new OidcTestClient(session, Home.CallbackUrl).AuthorizeUrl());
        request.Headers.Add("X-Forwarded-For", address);
        return await http.SendAsync(request);
    }

    private async Task<HttpStatusCode> StartLoginAsync(HttpClient http, string address)
    {
        using var response = await SendStartAsync(http, address);
        return response.StatusCode;
    }

    // Ten starts from each of `addresses` addresses under `prefix`, one address after another.
    private async Task<List<HttpStatusCode>> FloodAsync(HttpClient http, string prefix, int addresses)
    {
        var statuses = new List<HttpStatusCode>();
        for (var a = 1; a <= addresses; a++)
        {
            for (var i = 0; i < 10; i++)
            {
                statuses.Add(await StartLoginAsync(http, prefix + a.ToString(CultureInfo.InvariantCulture)));
            }
        }

        return statuses;
    }
}
