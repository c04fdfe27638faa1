using System.Net;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Flows;

/// <summary>What every login page tells the browser: no framing, no inline script, no referrer, no caching, safe cookies.</summary>
public sealed class PageHeadersTests : ScenarioTest
{
    [Fact]
    public async Task LoginPage_SendsTheSecurityHeadersAndSafeCookies()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        using var start = await browser.GetAsync(client.AuthorizeUrl());
        using var page = await browser.FollowWithinAsync(start);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var csp = string.Join(";", page.Content.Headers.TryGetValues("Content-Security-Policy", out var c) ? c : page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(page.Headers.CacheControl?.NoStore);
        Assert.False(page.Headers.Contains("Strict-Transport-Security"), "HSTS is for https only");
        Assert.DoesNotContain("<script>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var cookies = start.Headers.GetValues("Set-Cookie").Concat(page.Headers.TryGetValues("Set-Cookie", out var more) ? more : []).ToList();
        var binding = Assert.Single(cookies, c => c.StartsWith("pickup.browser=", StringComparison.Ordinal));
        Assert.Contains("httponly", binding, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", binding, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", binding.Replace("samesite", string.Empty, StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);
        var antiforgery = Assert.Single(cookies, c => c.StartsWith("pickup.antiforgery=", StringComparison.Ordinal));
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", antiforgery, StringComparison.OrdinalIgnoreCase);
    }
}
