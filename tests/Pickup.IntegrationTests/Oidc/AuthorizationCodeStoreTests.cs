using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.EntityFrameworkCore.Models;
using Pickup.Data;
using Pickup.IntegrationTests.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Pickup.IntegrationTests.Oidc;

/// <summary>
/// Authorization codes live in the protocol store (memory on one node), not in the database, and keep every
/// guarantee they had there: redeemed once, even by two requests at once; a replay refused and ending what the first
/// redemption issued; refused once expired.
/// </summary>
public sealed class AuthorizationCodeStoreTests : ScenarioTest
{
    [Fact]
    public async Task Login_WritesNoCodeToTheDatabase_AndTheCodeRedeemsIntoTokensThatAreStored()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var code = await CodeAsync(browser, client);
        Assert.Equal(0, await StoredTokensAsync(type: null));

        var tokens = await client.RedeemAsync(code);
        Assert.Equal(0, await StoredTokensAsync(TokenTypeIdentifiers.Private.AuthorizationCode));
        Assert.Equal(1, await StoredTokensAsync(TokenTypeIdentifiers.RefreshToken));
        Assert.True((await client.RefreshAsync(RefreshToken(tokens))).TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Token_TheSameCodeTwiceAtOnce_ExactlyOneIsAnswered200()
    {
        for (var round = 0; round < 3; round++)
        {
            using var browser = new BrowserSession(Engine.BaseUrl);
            var client = new OidcTestClient(browser, Home.CallbackUrl);
            var code = await CodeAsync(browser, client);

            var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => client.TryRedeemAsync(code, null))));

            Assert.True(answers.Count(a => a.Status == 200) == 1, string.Join(", ", answers.Select(a => $"{a.Status} {a.Body}")));
            Assert.All(answers.Where(a => a.Status != 200), a => Assert.Equal("invalid_grant", a.Body.GetProperty("error").GetString()));
        }
    }

    [Fact]
    public async Task Token_ARedeemedCodePresentedAgain_IsRefused_AndEndsTheTokensOfTheFirstRedemption()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var code = await CodeAsync(browser, client);
        var tokens = await client.RedeemAsync(code);
        Assert.Equal(HttpStatusCode.OK, await UserInfoStatusAsync(browser, tokens));

        var (status, body) = await client.TryRedeemAsync(code, null);
        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());

        var (refreshStatus, refreshBody) = await client.TryRefreshAsync(RefreshToken(tokens));
        Assert.True(refreshStatus == 400, $"the refresh answered {refreshStatus}: {refreshBody}");
        Assert.Equal(HttpStatusCode.Unauthorized, await UserInfoStatusAsync(browser, tokens));
    }

    [Fact]
    public async Task Token_AnExpiredCode_IsRefused()
    {
        var clock = new OffsetClock();
        await RestartEngineAsync(services => services.AddSingleton<TimeProvider>(clock));
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var code = await CodeAsync(browser, client);

        // OpenIddict's codes live 5 minutes.
        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var (status, body) = await client.TryRedeemAsync(code, null);
        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_ACodeOfAnotherLoginWithThisLoginsVerifier_IsRefused_AndTheRightPairStillRedeems()
    {
        using var first = new BrowserSession(Engine.BaseUrl);
        var firstClient = new OidcTestClient(first, Home.CallbackUrl);
        var firstCode = await CodeAsync(first, firstClient);
        using var second = new BrowserSession(Engine.BaseUrl);
        var secondClient = new OidcTestClient(second, Home.CallbackUrl);
        var secondCode = await CodeAsync(second, secondClient);

        var (status, _) = await firstClient.TryRedeemAsync(secondCode, firstClient.Verifier);
        Assert.Equal(400, status);
        await firstClient.RedeemAsync(firstCode);
    }

    internal static string RefreshToken(JsonElement tokens) => tokens.GetProperty("refresh_token").GetString()!;

    internal static async Task<HttpStatusCode> UserInfoStatusAsync(BrowserSession browser, JsonElement tokens)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/oauth2/userinfo");
        request.Headers.Authorization = new("Bearer", tokens.GetProperty("access_token").GetString());
        using var response = await browser.Client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Password, then the code Vonage delivered: the authorization code the app receives.</summary>
    private async Task<string> CodeAsync(BrowserSession browser, OidcTestClient client)
    {
        var otpPage = await SignInAsync(browser, client);
        var toApp = await SubmitCodeAsync(browser, otpPage, await ReceivedCodeAsync());
        return client.CodeFrom(toApp);
    }

    // The token rows of one type in the database (all of them when null).
    private async Task<int> StoredTokensAsync(string? type)
    {
        await using var scope = Engine.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PickupDbContext>();
        return await db.Set<OpenIddictEntityFrameworkCoreToken>().CountAsync(t => type == null || t.Type == type);
    }
}
