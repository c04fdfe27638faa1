using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Pickup.FakeVonage;

namespace Pickup.IntegrationTests.Infrastructure;

/// <summary>What the key rotation tests do over and over: a whole login, a token's key id, a JWKS and a check against it.</summary>
internal static class KeyRotationSteps
{
    /// <summary>Alex signs in on <paramref name="baseUrl"/> (password, then the SMS code): the token response.</summary>
    public static async Task<JsonElement> LoginAsync(Uri baseUrl, TestHome home, FakeVonageServer vonage)
    {
        using var browser = new BrowserSession(baseUrl);
        var client = new OidcTestClient(browser, home.CallbackUrl);
        var before = vonage.Messages.Count;
        var codePage = await ScenarioTest.SignInAsync(browser, client);
        Assert.True(
            await EventuallyAsync(() => Task.FromResult(vonage.Messages.Count > before), TimeSpan.FromSeconds(10)),
            "no SMS code was sent");
        var toApp = await ScenarioTest.SubmitCodeAsync(browser, codePage, vonage.LatestCode(ScenarioTest.AlexMobile));
        return await client.RedeemAsync(client.CodeFrom(toApp));
    }

    /// <summary>The <c>kid</c> in a JWT's (or JWE's) header.</summary>
    public static string KeyIdOf(string token) => new JsonWebToken(token).Kid;

    /// <summary>The engine's JWKS document.</summary>
    public static async Task<string> JwksAsync(Uri baseUrl)
    {
        using var browser = new BrowserSession(baseUrl);
        return await browser.Client.GetStringAsync("/oauth2/jwks");
    }

    /// <summary>The key ids the JWKS publishes.</summary>
    public static IReadOnlyList<string> KeyIds(string jwks) => [.. new JsonWebKeySet(jwks).Keys.Select(k => k.Kid)];

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>True when <paramref name="idToken"/> validates against <paramref name="jwks"/> (signature, issuer, audience, lifetime).</summary>
    public static async Task<bool> ValidatesAsync(string idToken, string jwks, Uri issuer, DateTimeOffset? at = null)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = issuer.ToString(),
            ValidAudience = TestHome.ClientId,
            IssuerSigningKeys = new JsonWebKeySet(jwks).GetSigningKeys(),
        };
        if (at is { } time)
        {
            parameters.LifetimeValidator = (notBefore, expires, _, _) => expires is null || expires > time.UtcDateTime;
        }

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, parameters);
        return result.IsValid;
    }
}
