using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Pickup.Data.Sessions;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Logout;

/// <summary>
/// Pickup Dispatch's side of back-channel logout: after a real login, the engine's logout token ends the app's session;
/// forged, replayed or stale tokens are refused with 400 and end nothing.
/// </summary>
public sealed class PickupDispatchBackChannelLogoutTests : IAsyncLifetime
{
    private const string AlexMobile = ScenarioTest.AlexMobile;
    private const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";
    private FakeVonageServer _vonage = null!;
    private TestHome _home = null!;
    private EngineServer _engine = null!;
    private SampleClient _sample = null!;

    // The sid of the tokens made here: the sample's own once a test read it, so a forgery that were accepted would end it.
    private string _sessionId = "session-1";

    private string EndpointUrl => _sample.Url + "backchannel-logout";

    [Fact]
    public async Task EngineEndsTheSession_PickupDispatchAsksToSignInAgain()
    {
        await _sample.SignInAsync(_vonage);
        Assert.True(await _sample.IsSignedInAsync());
        var sessionId = await _sample.SessionIdAsync();

        // The engine's single sign-on session ends (as an administrator's revocation does): its store tells the notifier.
        await using (var scope = _engine.App.Services.CreateAsyncScope())
        {
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<SsoSessionStore>().EndAsync(sessionId, "revoked", CancellationToken.None));
        }

        await WaitUntilSignedOutAsync();
        using var profile = await _sample.GetAsync("profile");
        Assert.Contains("/authenticationendpoint/login", profile.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenNamingOnlyTheDriver_EndsHisEarlierSignIn_NotOneMadeAfterIt()
    {
        await _sample.SignInAsync(_vonage);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Token(claims => claims.Remove("sid")))).Status);
        Assert.False(await _sample.IsSignedInAsync());

        await _sample.SignInAsync(_vonage);

        Assert.True(await _sample.IsSignedInAsync(), "a sign-in made after the logout was ended by it");
    }

    [Fact]
    public async Task TokenForAnotherDriver_EndsNothing()
    {
        await _sample.SignInAsync(_vonage);

        var (status, _) = await PostAsync(Token(claims =>
        {
            claims["sub"] = "94770000000";
            claims["sid"] = "another-session";
        }));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(await _sample.IsSignedInAsync());
    }

    public static TheoryData<string> Forgeries =>
    [
        "another key", "wrong aud", "wrong iss", "nonce", "no events", "event missing", "too old", "expired",
        "typ JWT", "no sid or sub", "no jti", "unsigned",
    ];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task ForgedToken_IsRefusedWith400_AndEndsNothing(string forgery)
    {
        await _sample.SignInAsync(_vonage);
        _sessionId = await _sample.SessionIdAsync();

        var (status, body) = await PostAsync(Forge(forgery));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error_description").GetString()));
        Assert.True(await _sample.IsSignedInAsync(), $"a token with {forgery} ended the session");
    }

    [Fact]
    public async Task ReplayedToken_IsRefusedWith400()
    {
        await _sample.SignInAsync(_vonage);
        var token = Token(claims =>
        {
            claims["sub"] = "94770000000";
            claims["sid"] = "another-session";
        });
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(token)).Status);

        var (status, body) = await PostAsync(token);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("jti", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.True(await _sample.IsSignedInAsync());
    }

    [Fact]
    public async Task RequestWithoutALogoutToken_IsRefusedWith400_NotCached()
    {

        using var response = await _sample.Http.PostAsync(EndpointUrl, new FormUrlEncodedContent([KeyValuePair.Create("token", "x")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    public async Task InitializeAsync()
    {
        _vonage = await FakeVonageServer.StartAsync();
        var port = TestInstallation.FreePort();
        var home = SampleClient.HomeUrl(port);
        _home = new TestHome(_vonage.SmsUrl(), callbackUrl: home + "oauth2client");
        _home.Write("conf/service-providers/pickup-dispatch.toml", TestHome.ServiceProvider(
            home + "oauth2client",
            home,
            $"client_secret = \"{TestHome.ClientSecret}\"\nbackchannel_logout_uri = \"{home}backchannel-logout\""));
        _engine = await EngineServer.StartAsync(_home);
        await _engine.AddDriverAsync();
        _sample = await SampleClient.StartAsync(_engine, port);
    }

    public async Task DisposeAsync()
    {
        await _sample.DisposeAsync();
        await _engine.DisposeAsync();
        await _vonage.DisposeAsync();
        _home.Dispose();
    }

    private async Task WaitUntilSignedOutAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await _sample.IsSignedInAsync())
        {
            Assert.True(DateTime.UtcNow < deadline, "Pickup Dispatch still shows Alex signed in 15 s after the engine ended his session");
            await Task.Delay(100);
        }
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string token)
    {
        using var response = await _sample.Http.PostAsync(EndpointUrl, new FormUrlEncodedContent([KeyValuePair.Create("logout_token", token)]));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone());
    }

    private string Forge(string forgery) => forgery switch
    {
        "another key" => Token(signing: new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "not-the-engines" }, SecurityAlgorithms.RsaSha256)),
        "wrong aud" => Token(descriptor => descriptor.Audience = "fleet-reports"),
        "wrong iss" => Token(descriptor => descriptor.Issuer = "http://127.0.0.1:1/"),
        "nonce" => Token(claims => claims["nonce"] = "n-0S6_WzA2Mj"),
        "no events" => Token(claims => claims.Remove("events")),
        "event missing" => Token(claims => claims["events"] = new Dictionary<string, object> { ["http://schemas.openid.net/event/other"] = new Dictionary<string, object>() }),
        "too old" => Token(descriptor => descriptor.IssuedAt = DateTime.UtcNow.AddMinutes(-20)),
        "expired" => Token(descriptor =>
        {
            descriptor.IssuedAt = DateTime.UtcNow.AddMinutes(-4);
            descriptor.Expires = DateTime.UtcNow.AddMinutes(-2);
        }),
        "typ JWT" => Token(descriptor => descriptor.TokenType = "JWT"),
        "no sid or sub" => Token(claims =>
        {
            claims.Remove("sid");
            claims.Remove("sub");
        }),
        "no jti" => Token(claims => claims.Remove("jti")),
        "unsigned" => new JsonWebTokenHandler().CreateToken(Describe(null)),
        _ => throw new ArgumentOutOfRangeException(nameof(forgery), forgery, null),
    };

    // A logout token as the engine makes them, signed with the engine's own key unless told otherwise.
    private string Token(Action<Dictionary<string, object>>? claims = null, SigningCredentials? signing = null) =>
        Token(descriptor => claims?.Invoke((Dictionary<string, object>)descriptor.Claims), signing);

    private string Token(Action<SecurityTokenDescriptor> change, SigningCredentials? signing = null)
    {
        var descriptor = Describe(signing ?? EngineSigningCredentials());
        change(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private SecurityTokenDescriptor Describe(SigningCredentials? signing) => new()
    {
        TokenType = "logout+jwt",
        Issuer = _home.BaseUrl.ToString(),
        Audience = TestHome.ClientId,
        IssuedAt = DateTime.UtcNow,
        Expires = DateTime.UtcNow.AddMinutes(2),
        SigningCredentials = signing,
        Claims = new Dictionary<string, object>
        {
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["sub"] = AlexMobile,
            ["sid"] = _sessionId,
            ["events"] = new Dictionary<string, object> { [LogoutEvent] = new Dictionary<string, object>() },
        },
    };

    private SigningCredentials EngineSigningCredentials() =>
        _engine.App.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials.First(c => c.Key is AsymmetricSecurityKey);
}
