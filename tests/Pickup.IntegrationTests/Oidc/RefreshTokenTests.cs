using System.Text.Json;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Oidc;

/// <summary>Refresh tokens follow the account: an admin's change or a lock-out ends them at once.</summary>
public sealed class RefreshTokenTests : ScenarioTest
{
    [Fact]
    public async Task Refresh_AfterUsersDeleteThroughTheCli_IsInvalidGrant()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var tokens = await LogInAsync(browser, client);
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;

        var delete = await PickupCli.RunAsync(null, "users", "delete", "alex", "--home", Home.Directory);
        Assert.True(delete.ExitCode == 0, delete.Stderr);

        var (status, body) = await client.TryRefreshAsync(refreshToken);
        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    /// <summary>Password, then the code Vonage delivered, then the code redeemed: the token response.</summary>
    private async Task<JsonElement> LogInAsync(BrowserSession browser, OidcTestClient client)
    {
        var otpPage = await SignInAsync(browser, client);
        var toApp = await SubmitCodeAsync(browser, otpPage, await ReceivedCodeAsync());
        return await client.RedeemAsync(client.CodeFrom(toApp));
    }
}
