using Microsoft.Extensions.DependencyInjection;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Oidc;

/// <summary>
/// Rotating the token keys while an engine runs: <c>pickup keys rotate</c> publishes the new signing key at once and
/// signs with it only after the publication lead; the engine follows the database by itself; old tokens stay valid.
/// </summary>
public sealed class KeyRotationTests : IAsyncLifetime
{
    private readonly OffsetClock _clock = new();
    private FakeVonageServer _vonage = null!;
    private TestHome _home = null!;
    private EngineServer _engine = null!;

    public async Task InitializeAsync()
    {
        _vonage = await FakeVonageServer.StartAsync();
        _home = new TestHome(_vonage.SmsUrl());
        _home.Append("conf/deployment.toml", "\n[oidc]\nkey_reload_seconds = 1\nsigning_key_rotation_days = 30\n");
        await StartAsync();
        await _engine.AddDriverAsync();
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _vonage.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task KeysRotate_NewKidIsPublishedAtOnce_ButSignsOnlyAfterTheLead_AndOldTokensStayValid()
    {
        var before = await KeyRotationSteps.LoginAsync(_engine.BaseUrl, _home, _vonage);
        var oldIdToken = before.GetProperty("id_token").GetString()!;
        var oldKid = KeyRotationSteps.KeyIdOf(oldIdToken);
        var oldAccessKid = KeyRotationSteps.KeyIdOf(before.GetProperty("access_token").GetString()!);

        var rotate = await PickupCli.RunAsync(null, "keys", "rotate", "--home", _home.Directory);
        Assert.True(rotate.ExitCode == 0, rotate.Stderr);
        Assert.Contains("Made oidc-signing.2", rotate.Stdout, StringComparison.Ordinal);
        Assert.Contains("Made tokens-signing.2", rotate.Stdout, StringComparison.Ordinal);
        Assert.Contains("Made tokens-encryption.2", rotate.Stdout, StringComparison.Ordinal);
        Assert.Contains("keys.rotated", rotate.Stdout + rotate.Stderr + await AuditAsync(), StringComparison.Ordinal);

        // Published within the reload interval (1 s here), by the running engine, without a restart.
        string jwks = string.Empty;
        Assert.True(
            await KeyRotationSteps.EventuallyAsync(async () => KeyRotationSteps.KeyIds(jwks = await KeyRotationSteps.JwksAsync(_engine.BaseUrl)).Count == 2, TimeSpan.FromSeconds(10)),
            "the running engine did not publish the new key");
        var newKid = Assert.Single(KeyRotationSteps.KeyIds(jwks), k => k != oldKid);

        // Not signing yet: clients with a cached JWKS would not know it.
        var during = await KeyRotationSteps.LoginAsync(_engine.BaseUrl, _home, _vonage);
        Assert.Equal(oldKid, KeyRotationSteps.KeyIdOf(during.GetProperty("id_token").GetString()!));

        // A day later the new key signs; the old one is still published and the old tokens still work.
        _clock.Advance(TimeSpan.FromHours(25));
        string? after = null;
        Assert.True(
            await KeyRotationSteps.EventuallyAsync(
                async () => KeyRotationSteps.KeyIdOf((after = (await KeyRotationSteps.LoginAsync(_engine.BaseUrl, _home, _vonage)).GetProperty("id_token").GetString()!)) == newKid,
                TimeSpan.FromSeconds(15)),
            "the new key did not start signing after its activation");
        jwks = await KeyRotationSteps.JwksAsync(_engine.BaseUrl);
        Assert.Equal(new[] { newKid, oldKid }.Order(StringComparer.Ordinal), KeyRotationSteps.KeyIds(jwks).Order(StringComparer.Ordinal));
        Assert.True(await KeyRotationSteps.ValidatesAsync(oldIdToken, jwks, _home.BaseUrl, at: DateTimeOffset.UtcNow), "a token signed before the rotation no longer validates");
        Assert.True(await KeyRotationSteps.ValidatesAsync(after!, jwks, _home.BaseUrl, at: DateTimeOffset.UtcNow));

        // The engine's own tokens: one made before the rotation is still read back (refreshed), and what it makes
        // now is encrypted with the new engine key.
        using var browser = new BrowserSession(_engine.BaseUrl);
        var refreshed = await new OidcTestClient(browser, _home.CallbackUrl).RefreshAsync(before.GetProperty("refresh_token").GetString()!);
        var newAccessKid = KeyRotationSteps.KeyIdOf(refreshed.GetProperty("access_token").GetString()!);
        Assert.NotEqual(oldAccessKid, newAccessKid);

        var rows = (await ServerKeyRows.ReadSqliteAsync(_home)).Select(r => r.Name).ToList();
        Assert.DoesNotContain("oidc-signing.3", rows);
    }

    [Fact]
    public async Task RotationDaysPassed_TheEngineMakesTheNextKeysOnce()
    {
        _clock.Advance(TimeSpan.FromDays(31));

        Assert.True(
            await KeyRotationSteps.EventuallyAsync(async () => (await ServerKeyRows.ReadSqliteAsync(_home)).Any(r => r.Name == "oidc-signing.2"), TimeSpan.FromSeconds(10)),
            "the engine did not rotate a key older than signing_key_rotation_days");

        // Several more rounds (1 s each) see the new key pending and make no other.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var names = (await ServerKeyRows.ReadSqliteAsync(_home)).Select(r => r.Name).Where(n => !n.StartsWith("dataprotection/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["oidc-encryption", "oidc-signing", "oidc-signing.2", "server-secret", "tokens-encryption", "tokens-encryption.2", "tokens-signing", "tokens-signing.2"],
            names);

        var list = await PickupCli.RunAsync(null, "keys", "list", "--home", _home.Directory);
        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Contains("oidc-signing.2", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("pending", list.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keys", "rotate", "--later")]
    [InlineData("keys", "list", "--all")]
    [InlineData("keys", "delete")]
    [InlineData("keys")]
    public async Task KeysCommand_UsageError_Exits2_AndChangesNothing(params string[] args)
    {
        var before = await ServerKeyRows.ReadSqliteAsync(_home);

        var result = await PickupCli.RunAsync(null, [.. args, "--home", _home.Directory]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage: keys list | keys rotate [--now]", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before.Select(r => r.Name), (await ServerKeyRows.ReadSqliteAsync(_home)).Select(r => r.Name));
    }

    private async Task<string> AuditAsync()
    {
        var audit = await PickupCli.RunAsync(null, "audit", "tail", "--type", "keys.rotated", "--home", _home.Directory);
        return audit.Stdout + audit.Stderr;
    }

    private async Task StartAsync()
    {
        var clock = _clock;
        _engine = await EngineServer.StartAsync(_home, configureServices: services => services.AddSingleton<TimeProvider>(clock));
    }
}
