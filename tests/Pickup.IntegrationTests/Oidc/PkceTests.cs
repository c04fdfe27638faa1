using System.Net;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Oidc;

/// <summary>PKCE is required of every client, confidential ones too, unless its service provider opts out.</summary>
public sealed class PkceTests : ScenarioTest
{
    [Fact]
    public async Task Authorize_ConfidentialClientWithoutPkce_IsRefused()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);

        using var response = await browser.GetAsync(client.AuthorizeUrl(pkce: false));

        // Refused outright: no login page, no attempt started, and no redirect anywhere but the registered callback.
        var text = await BrowserSession.TextAsync(response);
        Assert.True(
            response.StatusCode == HttpStatusCode.BadRequest
            || (BrowserSession.IsRedirect(response) && response.Headers.Location!.ToString().StartsWith(Home.CallbackUrl + "?error=", StringComparison.Ordinal)),
            $"{(int)response.StatusCode} {response.Headers.Location} {text}");
        Assert.Contains("code_challenge", text + response.Headers.Location, StringComparison.Ordinal);
        Assert.DoesNotContain("/authenticationendpoint/login", response.Headers.Location?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_ConfidentialClientThatOptedOut_LogsInWithoutPkce()
    {
        Home.Write(
            "conf/service-providers/pickup-dispatch.toml",
            TestHome.ServiceProvider(Home.CallbackUrl, "http://127.0.0.1:1/pickup-dispatch/", secretLine: $"client_secret = \"{TestHome.ClientSecret}\"\nrequire_pkce = false"));
        await RestartEngineAsync();
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);

        var login = await browser.FollowWithinAsync(await browser.GetAsync(client.AuthorizeUrl(pkce: false)));
        Assert.Equal("/authenticationendpoint/login", login.RequestMessage!.RequestUri!.AbsolutePath);
        var otpPage = await browser.FollowWithinAsync(await browser.SubmitAsync(login, new Dictionary<string, string>
        {
            ["username"] = "alex",
            ["password"] = "alex-password",
        }));
        var toApp = await SubmitCodeAsync(browser, otpPage, await ReceivedCodeAsync());

        var (status, body) = await client.TryRedeemAsync(client.CodeFrom(toApp), verifier: string.Empty);
        Assert.True(status == 200, $"token endpoint answered {status}: {body}");
    }
}
