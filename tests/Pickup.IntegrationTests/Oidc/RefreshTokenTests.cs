using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server;
using Pickup.Abstractions.Users;
using Pickup.Data;
using Pickup.Data.Users;
using Pickup.Host.Oidc;
using Pickup.IntegrationTests.Infrastructure;
using Pickup.IntegrationTests.SmsOtp;

namespace Pickup.IntegrationTests.Oidc;

/// <summary>
/// Refresh tokens follow the account: deleting, locking or demoting the driver ends them at once, they rotate, a
/// reused one ends its family, they stop at an absolute lifetime, and an app can revoke them (RFC 7009).
/// </summary>
public sealed class RefreshTokenTests : ScenarioTest
{
    [Fact]
    public async Task Refresh_AfterUsersDeleteThroughTheCli_IsInvalidGrant_AndTheTokensWereRevokedInTheDatabase()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var tokens = await LogInAsync(browser, client);
        var alex = await AlexIdAsync();
        Assert.Equal(["valid"], await AuthorizationStatusesAsync(alex));

        var delete = await PickupCli.RunAsync(null, "users", "delete", "alex", "--home", Home.Directory);
        Assert.True(delete.ExitCode == 0, delete.Stderr);

        // Revoked by the command itself, before anyone presents a token.
        Assert.Equal(["revoked"], await AuthorizationStatusesAsync(alex));
        Assert.All(await TokenStatusesAsync(alex), status => Assert.Equal("revoked", status));
        await AssertInvalidGrantAsync(client, RefreshToken(tokens));
    }

    [Fact]
    public async Task Refresh_AfterTheDriverLostTheLoginPermission_IsInvalidGrant_AndEveryFamilyOfTheDriverIsRevoked()
    {
        // The engine dispatches OpenIddict's events through its own dispatcher: the check below runs through it.
        await using (var scope = Engine.App.Services.CreateAsyncScope())
        {
            Assert.IsType<IndexedServerDispatcher>(scope.ServiceProvider.GetRequiredService<IOpenIddictServerDispatcher>());
        }

        using var phone = new BrowserSession(Engine.BaseUrl);
        var phoneClient = new OidcTestClient(phone, Home.CallbackUrl);
        var phoneTokens = await LogInAsync(phone, phoneClient);
        using var tablet = new BrowserSession(Engine.BaseUrl);
        var tabletClient = new OidcTestClient(tablet, Home.CallbackUrl);
        await LogInAsync(tablet, tabletClient);
        var alex = await AlexIdAsync();

        // No command takes a role away yet: the membership goes straight from the database, so only the check made
        // on refresh can notice it.
        await using (var scope = Engine.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PickupDbContext>();
            Assert.Equal(1, await db.UserRoles.Where(m => m.UserId == alex).ExecuteDeleteAsync());
        }

        Assert.Equal(["valid", "valid"], await AuthorizationStatusesAsync(alex));
        await AssertInvalidGrantAsync(phoneClient, RefreshToken(phoneTokens));
        Assert.Equal(["revoked", "revoked"], await AuthorizationStatusesAsync(alex));
    }

    [Fact]
    public async Task Refresh_AfterALockOut_IsInvalidGrant_AndTheLockOutRevokedTheTokens()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var tokens = await LogInAsync(browser, client);
        var alex = await AlexIdAsync();

        // lockout_after = 5 (the default): five wrong passwords or codes lock the account.
        await using (var scope = Engine.App.Services.CreateAsyncScope())
        {
            var directory = scope.ServiceProvider.GetRequiredService<IUserDirectory>();
            var locked = false;
            for (var i = 0; i < 5; i++)
            {
                locked = await directory.RecordFailedAttemptAsync(alex, CancellationToken.None);
            }

            Assert.True(locked);
        }

        Assert.Equal(["revoked"], await AuthorizationStatusesAsync(alex));
        await AssertInvalidGrantAsync(client, RefreshToken(tokens));
    }

    [Fact]
    public async Task Refresh_RotatesTheToken_AndAReusedOneRevokesItsWholeFamily()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var first = RefreshToken(await LogInAsync(browser, client));

        var second = RefreshToken(await client.RefreshAsync(first));
        Assert.NotEqual(first, second);

        // The first one again, at once (no reuse leeway): refused, and the token it was exchanged for dies with it.
        await AssertInvalidGrantAsync(client, first);
        await AssertInvalidGrantAsync(client, second);
    }

    [Fact]
    public async Task Refresh_AfterTheAbsoluteLifetime_IsInvalidGrant_EvenWithARecentlyRotatedToken()
    {
        Home.Append("conf/deployment.toml", "\n[oidc]\nrefresh_token_lifetime_seconds = 120\n");
        var clock = new OffsetClock();
        await RestartEngineAsync(services => services.AddSingleton<TimeProvider>(clock));
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var tokens = await LogInAsync(browser, client);

        clock.Advance(TimeSpan.FromSeconds(70));
        var rotated = RefreshToken(await client.RefreshAsync(RefreshToken(tokens)));

        // 130 s after the login: the rotated token's own (sliding) expiry is 60 s away, the login's lifetime is over.
        clock.Advance(TimeSpan.FromSeconds(60));
        await AssertInvalidGrantAsync(client, rotated);
        Assert.Equal(["revoked"], await AuthorizationStatusesAsync(await AlexIdAsync()));
    }

    [Fact]
    public async Task Revoke_ARefreshTokenAtTheAdvertisedEndpoint_StopsItAndTheAccessTokenOfItsLogin()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var discovery = JsonDocument.Parse(await browser.Client.GetStringAsync("/.well-known/openid-configuration")).RootElement;
        Assert.Equal(new Uri(Engine.BaseUrl, "oauth2/revoke").ToString(), discovery.GetProperty("revocation_endpoint").GetString());

        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var tokens = await LogInAsync(browser, client);
        Assert.Equal(HttpStatusCode.OK, await UserInfoStatusAsync(browser, tokens));

        // Another client cannot revoke it (the token stays good); its own client can.
        var stranger = new OidcTestClient(browser, Home.CallbackUrl, TestHome.ClientId, TestHome.ClientSecret + "x");
        var (refusedStatus, _) = await stranger.RevokeAsync(RefreshToken(tokens));
        Assert.NotEqual(200, refusedStatus);
        var (status, body) = await client.RevokeAsync(RefreshToken(tokens));
        Assert.True(status == 200, $"revocation answered {status}: {body}");

        Assert.Equal(["revoked"], await AuthorizationStatusesAsync(await AlexIdAsync()));
        await AssertInvalidGrantAsync(client, RefreshToken(tokens));
        Assert.Equal(HttpStatusCode.Unauthorized, await UserInfoStatusAsync(browser, tokens));
    }

    private static string RefreshToken(JsonElement tokens) => tokens.GetProperty("refresh_token").GetString()!;

    private static async Task AssertInvalidGrantAsync(OidcTestClient client, string refreshToken)
    {
        var (status, body) = await client.TryRefreshAsync(refreshToken);
        Assert.True(status == 400, $"the refresh answered {status}: {body}");
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    private static async Task<HttpStatusCode> UserInfoStatusAsync(BrowserSession browser, JsonElement tokens)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/oauth2/userinfo");
        request.Headers.Authorization = new("Bearer", tokens.GetProperty("access_token").GetString());
        using var response = await browser.Client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Password, then the code Vonage delivered, then the code redeemed: the token response.</summary>
    private async Task<JsonElement> LogInAsync(BrowserSession browser, OidcTestClient client)
    {
        var otpPage = await SignInAsync(browser, client);
        var toApp = await SubmitCodeAsync(browser, otpPage, await ReceivedCodeAsync());
        return await client.RedeemAsync(client.CodeFrom(toApp));
    }

    private async Task<string> AlexIdAsync()
    {
        await using var scope = Engine.App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserAdministration>().FindAsync("alex", CancellationToken.None))!.Id;
    }

    // The authorizations (token families) the engine keeps for a user, found by the user's id.
    private async Task<List<string>> AuthorizationStatusesAsync(string userId)
    {
        await using var scope = Engine.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PickupDbContext>();
        return await db.Set<OpenIddictEntityFrameworkCoreAuthorization>().Where(a => a.Subject == userId).Select(a => a.Status!).ToListAsync();
    }

    private async Task<List<string>> TokenStatusesAsync(string userId)
    {
        await using var scope = Engine.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PickupDbContext>();
        var statuses = await db.Set<OpenIddictEntityFrameworkCoreToken>().Where(t => t.Authorization!.Subject == userId).Select(t => t.Status!).ToListAsync();
        Assert.NotEmpty(statuses);
        return statuses;
    }
}
