using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Pickup.Core.Auditing;
using Pickup.Core.Sessions;
using Pickup.Host.Oidc.BackChannel;
using Pickup.IntegrationTests.Infrastructure;
using Pickup.Testing;

namespace Pickup.IntegrationTests.Logout;

/// <summary>
/// The engine's side of OpenID Connect Back-Channel Logout 1.0: when a session ends, every client of it that registered a
/// <c>backchannel_logout_uri</c> gets a signed logout token, retried a bounded number of times, without the caller waiting.
/// </summary>
public sealed class BackChannelLogoutTests : IAsyncLifetime
{
    private const string Sub = "94778888888";
    private const string OtherClient = "fleet-reports";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private readonly CapturedLogs _logs = new();
    private TestHome _home = null!;
    private EngineServer? _engine;
    private LogoutReceiver? _receiver;

    public Task InitializeAsync()
    {
        _home = new TestHome("http://127.0.0.1:9/sms/json");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }

        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }

        _home.Dispose();
    }

    [Fact]
    public async Task SessionEnded_ClientWithBackchannelLogoutUri_GetsALogoutTokenThatValidatesAgainstTheJwks()
    {
        await StartAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        Notifier.SessionEnded("session-1", new Dictionary<string, string> { [TestHome.ClientId] = Sub });

        var token = await _receiver!.NextTokenAsync(Wait);
        Assert.NotNull(token);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _home.BaseUrl.ToString(),
            ValidAudience = TestHome.ClientId,
            ValidTypes = ["logout+jwt"],
            IssuerSigningKeys = new JsonWebKeySet(await JwksAsync()).GetSigningKeys(),
            RequireExpirationTime = true,
        });
        Assert.True(result.IsValid, $"the logout token does not validate: {result.Exception?.Message}");

        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("logout+jwt", jwt.Typ);
        Assert.False(string.IsNullOrEmpty(jwt.Kid), "the header names no key");
        Assert.Equal(Sub, jwt.Subject);
        Assert.Equal("session-1", jwt.GetClaim("sid").Value);
        Assert.True(jwt.Id.Length >= 16, "jti is missing or short");
        Assert.InRange(jwt.IssuedAt, before.UtcDateTime, DateTime.UtcNow.AddSeconds(1));
        Assert.InRange(jwt.ValidTo - jwt.IssuedAt, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));
        var payload = OidcTestClient.Payload(token);
        Assert.False(payload.TryGetProperty("nonce", out _), "a logout token must not carry a nonce");
        var logoutEvent = payload.GetProperty("events").GetProperty("http://schemas.openid.net/event/backchannel-logout");
        Assert.Equal(JsonValueKind.Object, logoutEvent.ValueKind);
        Assert.Empty(logoutEvent.EnumerateObject());
        Assert.Equal(JsonValueKind.String, payload.GetProperty("aud").ValueKind);
    }

    [Fact]
    public async Task SessionEnded_TwoSessions_EachTokenHasItsOwnJti()
    {
        await StartAsync();

        Notifier.SessionEnded("session-1", new Dictionary<string, string> { [TestHome.ClientId] = Sub });
        Notifier.SessionEnded("session-2", new Dictionary<string, string> { [TestHome.ClientId] = Sub });

        var first = new JsonWebToken(await _receiver!.NextTokenAsync(Wait));
        var second = new JsonWebToken(await _receiver.NextTokenAsync(Wait));
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(["session-1", "session-2"], new[] { first, second }.Select(t => t.GetClaim("sid").Value).Order());
    }

    [Fact]
    public async Task ReceiverAnswering503ThenOk_IsTriedAgainAndDelivered()
    {
        await StartAsync(503);

        Notifier.SessionEnded("session-1", new Dictionary<string, string> { [TestHome.ClientId] = Sub });

        var first = await _receiver!.NextTokenAsync(Wait);
        var second = await _receiver.NextTokenAsync(Wait);
        Assert.Equal(first, second);
        Assert.False(await _receiver.ReceivesWithinAsync(TimeSpan.FromMilliseconds(500)), "delivered, yet posted again");
        Assert.Equal(2, _receiver.Requests);
        Assert.Empty(await FailuresAsync());
    }

    [Fact]
    public async Task ReceiverAlwaysFailing_IsTriedTheBoundedNumberOfTimes_AndTheFailureAudited()
    {
        await StartAsync(500, 500, 500, 500, 500, 500);

        Notifier.SessionEnded("session-1", new Dictionary<string, string> { [TestHome.ClientId] = Sub });

        var failure = await WaitForFailureAsync();
        Assert.Equal(TestHome.ClientId, failure.ClientId);
        Assert.Contains("answered 500 after 3 tries", failure.Detail, StringComparison.Ordinal);
        var tokens = new[] { await _receiver!.NextTokenAsync(Wait), await _receiver.NextTokenAsync(Wait), await _receiver.NextTokenAsync(Wait) };
        Assert.Single(tokens.Distinct());
        var signature = tokens[0]!.Split('.')[2];
        Assert.DoesNotContain(signature, failure.Detail!, StringComparison.Ordinal);
        Assert.DoesNotContain(signature, _logs.AllText, StringComparison.Ordinal);
        Assert.Contains("Back-channel logout to pickup-dispatch failed", _logs.AllText, StringComparison.Ordinal);
        Assert.Equal(3, _receiver.Requests);
        Assert.False(await _receiver.ReceivesWithinAsync(TimeSpan.FromMilliseconds(500)), "tried more than the bounded number of times");
    }

    [Fact]
    public async Task ReceiverRefusingTheToken_IsNotRetried_AndTheFailureAudited()
    {
        await StartAsync(400);

        Notifier.SessionEnded("session-1", new Dictionary<string, string> { [TestHome.ClientId] = Sub });

        var failure = await WaitForFailureAsync();
        Assert.Contains("answered 400 after 1 tries", failure.Detail, StringComparison.Ordinal);
        Assert.Equal(1, _receiver!.Requests);
    }

    [Fact]
    public async Task ReceiverThatHangs_SessionEndedReturnsAtOnce_AndEachTryTimesOut()
    {
        await StartAsync(LogoutReceiver.Hang, LogoutReceiver.Hang, LogoutReceiver.Hang);
        var clock = Stopwatch.StartNew();

        Notifier.SessionEnded("session-1", new Dictionary<string, string> { [TestHome.ClientId] = Sub });

        clock.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(200), $"SessionEnded took {clock.ElapsedMilliseconds} ms");
        Assert.NotNull(await _receiver!.NextTokenAsync(Wait));
        var failure = await WaitForFailureAsync();
        Assert.Contains("could not be reached (timed out) after 3 tries", failure.Detail, StringComparison.Ordinal);
        Assert.Equal(3, _receiver.Requests);
    }

    [Fact]
    public async Task ClientWithoutBackchannelLogoutUri_GetsNothing()
    {
        await StartAsync();

        Notifier.SessionEnded("session-1", new Dictionary<string, string> { [OtherClient] = "alex", [TestHome.ClientId] = Sub });

        var token = new JsonWebToken(await _receiver!.NextTokenAsync(Wait));
        Assert.Equal([TestHome.ClientId], token.Audiences);
        Assert.False(await _receiver.ReceivesWithinAsync(TimeSpan.FromSeconds(1)), "a client without backchannel_logout_uri was sent a token");
        Assert.Equal(1, _receiver.Requests);
        Assert.Empty(await FailuresAsync());
    }

    [Fact]
    public async Task Discovery_AdvertisesBackchannelLogoutWithSessions()
    {
        await StartAsync();
        using var browser = new BrowserSession(_home.BaseUrl);

        var discovery = JsonDocument.Parse(await browser.Client.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.True(discovery.GetProperty("backchannel_logout_supported").GetBoolean());
        Assert.True(discovery.GetProperty("backchannel_logout_session_supported").GetBoolean());
    }

    private ISessionLogoutNotifier Notifier => _engine!.App.Services.GetRequiredService<ISessionLogoutNotifier>();

    // Pickup Dispatch posts to the receiver; a second client registers no back-channel logout URI.
    private async Task StartAsync(params int[] answers)
    {
        _receiver = await LogoutReceiver.StartAsync(answers);
        _home.Write("conf/service-providers/pickup-dispatch.toml", TestHome.ServiceProvider(
            _home.CallbackUrl,
            "http://127.0.0.1:1/pickup-dispatch/",
            $"client_secret = \"{TestHome.ClientSecret}\"\nbackchannel_logout_uri = \"{_receiver.Url}\""));
        _home.Write("conf/service-providers/fleet-reports.toml", $$"""
            name = "fleet-reports"
            [oidc]
            client_id = "{{OtherClient}}"
            callback_urls = ["http://127.0.0.1:1/fleet-reports/oauth2client"]
            [[authentication.steps]]
            options = [{ authenticator = "basic" }]
            """);
        _engine = await EngineServer.StartAsync(_home, configureServices: services =>
        {
            LogCapture.Into(_logs, LogLevel.Trace)(services);
            services.Configure<BackChannelLogoutOptions>(o =>
            {
                o.FirstRetryDelay = TimeSpan.FromMilliseconds(50);
                o.AttemptTimeout = TimeSpan.FromMilliseconds(500);
            });
        });
    }

    private async Task<string> JwksAsync()
    {
        using var browser = new BrowserSession(_home.BaseUrl);
        return await browser.Client.GetStringAsync("/oauth2/jwks");
    }

    private Task<IReadOnlyList<AuditEvent>> FailuresAsync() =>
        _engine!.App.Services.GetRequiredService<IAuditLog>().TailAsync(10, AuditEventTypes.BackChannelLogoutFailed, CancellationToken.None);

    private async Task<AuditEvent> WaitForFailureAsync()
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            if ((await FailuresAsync()).SingleOrDefault() is { } failure)
            {
                return failure;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no {AuditEventTypes.BackChannelLogoutFailed} event within {Wait.TotalSeconds} s");
    }
}
