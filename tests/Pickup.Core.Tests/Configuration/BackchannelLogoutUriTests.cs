namespace Pickup.Core.Tests.Configuration;

/// <summary><c>[oidc] backchannel_logout_uri</c> of a service provider: where the engine posts logout tokens.</summary>
public sealed class BackchannelLogoutUriTests : IDisposable
{
    private const string AppFile = "conf/service-providers/app.toml";

    private readonly TempHome _home = new();

    public BackchannelLogoutUriTests()
    {
        _home.WriteDeployment(TempHome.MinimalDeployment).WriteIdentityProvider("SMSOTP", TempHome.SmsOtpIdentityProvider);
    }

    public void Dispose() => _home.Dispose();

    [Theory]
    [InlineData("https://app.example.com/backchannel-logout")]
    [InlineData("https://app.example.com:8443/app/logout?tenant=a")]
    [InlineData("http://localhost:8080/pickup-dispatch/backchannel-logout")]
    [InlineData("http://127.0.0.1:5000/logout")]
    [InlineData("http://[::1]:5000/logout")]
    public void Load_HttpsOrLoopbackHttpUrl_IsTheClientsBackchannelLogoutUri(string url)
    {
        WriteApp($"backchannel_logout_uri = \"{url}\"");

        var serviceProvider = Assert.Single(ResultAssert.Valid(_home.Load()).ServiceProviders);

        Assert.Equal(url, serviceProvider.Oidc.BackchannelLogoutUri);
    }

    [Fact]
    public void Load_NoBackchannelLogoutUri_LeavesItNull()
    {
        WriteApp(string.Empty);

        var serviceProvider = Assert.Single(ResultAssert.Valid(_home.Load()).ServiceProviders);

        Assert.Null(serviceProvider.Oidc.BackchannelLogoutUri);
    }

    [Theory]
    [InlineData("http://app.example.com/backchannel-logout")]
    [InlineData("http://10.0.0.5/logout")]
    [InlineData("https://app.example.com/logout#part")]
    [InlineData("/pickup-dispatch/backchannel-logout")]
    [InlineData("ftp://app.example.com/logout")]
    [InlineData("")]
    public void Load_PlainHttpOffLoopbackFragmentOrRelativeUrl_IsRefusedAtTheKey(string url)
    {
        WriteApp($"backchannel_logout_uri = \"{url}\"");

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(AppFile, 5, 1), error.Location);
        Assert.Contains($"'backchannel_logout_uri' in [oidc] is \"{url}\", which is not an absolute https URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BackchannelLogoutUriNotAString_IsRefusedAtTheKey()
    {
        WriteApp("backchannel_logout_uri = [\"https://app.example.com/logout\"]");

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(AppFile, 5, 1), error.Location);
        Assert.Contains("'backchannel_logout_uri' in [oidc] must be a string", error.Message, StringComparison.Ordinal);
    }

    private void WriteApp(string extraOidc) =>
        _home.WriteServiceProvider("app", $$"""
            name = "app"
            [oidc]
            client_id = "app"
            callback_urls = ["https://app.example.com/cb"]
            {{extraOidc}}
            [[authentication.steps]]
            options = [{ authenticator = "basic" }]
            """);
}
