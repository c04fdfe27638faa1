using Microsoft.Extensions.DependencyInjection;
using Pickup.Data.Keys;
using Pickup.FakeVonage;
using Pickup.Host.Oidc;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.ScaleOut;

/// <summary>
/// A node receiving a token made with a key it has not read yet (another node started using it between two of its
/// reloads) re-reads the keys at once instead of refusing the token.
/// </summary>
public sealed class UnknownKeyIdTests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;
    private FakeVonageServer _vonage = null!;
    private TestHome _homeA = null!;
    private TestHome _homeB = null!;
    private EngineServer _nodeA = null!;
    private EngineServer _nodeB = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _vonage = await FakeVonageServer.StartAsync();
        var portA = TestInstallation.FreePort();
        var portB = TestInstallation.FreePort();
        _homeA = new TestHome(_vonage.SmsUrl(), portA);
        _homeB = new TestHome(_vonage.SmsUrl(), portB);
        _homeA.Write("conf/deployment.toml", NodeDeployment(portA, portA));
        _homeB.Write("conf/deployment.toml", NodeDeployment(portB, portA));
        _nodeA = await EngineServer.StartAsync(_homeA);
        _nodeB = await EngineServer.StartAsync(_homeB);
        await _nodeA.AddDriverAsync();
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await _vonage.DisposeAsync();
        await _database.DisposeAsync();
        _homeA.Dispose();
        _homeB.Dispose();
    }

    [Fact]
    public async Task RefreshTokenEncryptedWithAKeyNodeBHasNotReadYet_IsAcceptedByNodeB()
    {
        // Node A uses a new engine key at once (as it would once the key activates); node B, reloading only every
        // minute, has not read it.
        var store = _nodeA.App.Services.GetRequiredService<ServerKeyStore>();
        var (key, created) = await store.RotateAsync(
            OidcKeyKind.TokenEncryption.BaseName, 1, () => SigningKeyStore.NewDraft(OidcKeyKind.TokenEncryption), TimeSpan.Zero, TimeSpan.FromDays(1), CancellationToken.None);
        Assert.True(created);
        await _nodeA.App.Services.GetRequiredService<OidcKeyRefresher>().ReloadAsync(CancellationToken.None);

        var tokens = await KeyRotationSteps.LoginAsync(_nodeA.BaseUrl, _homeA, _vonage);
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        Assert.Equal(key.KeyId, KeyRotationSteps.KeyIdOf(refreshToken));
        Assert.DoesNotContain(key.KeyId, _nodeB.App.Services.GetRequiredService<OidcKeyRing>().Current.Fingerprint, StringComparison.Ordinal);

        using var onB = new BrowserSession(_nodeB.BaseUrl);
        var (status, body) = await new OidcTestClient(onB, _homeA.CallbackUrl).TryRefreshAsync(refreshToken);
        Assert.True(status == 200, $"node B refused a token made with a key it had not read yet: {status} {body}");
    }

    private string NodeDeployment(int port, int issuerPort) =>
        TestHome.Deployment(port)
            .Replace("scheme = \"http\"", $"scheme = \"http\"\npublic_url = \"http://127.0.0.1:{issuerPort}/\"", StringComparison.Ordinal)
            .Replace("type = \"sqlite\"", "type = \"postgres\"", StringComparison.Ordinal)
            .Replace("connection = \"Data Source=data/pickup.db\"", $"connection = \"{_database.Connection}\"", StringComparison.Ordinal);
}
