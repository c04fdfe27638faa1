using Pickup.Abstractions.Authentication;

namespace Pickup.Core.Tests.Configuration;

public sealed class DefaultsTests : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Load_EmptyDeploymentFile_GivesEveryDocumentedDefault()
    {
        _home.WriteDeployment("");

        var configuration = ResultAssert.Valid(_home.Load());

        var deployment = configuration.Deployment;
        Assert.Equal("localhost", deployment.Server.Hostname);
        Assert.Equal(9443, deployment.Server.Port);
        Assert.Equal("http", deployment.Server.Scheme);
        Assert.Equal("127.0.0.1", deployment.Server.Bind);
        Assert.Null(deployment.Server.PublicUrl);
        Assert.Equal(new Uri("http://localhost:9443/"), deployment.Server.Issuer);
        Assert.Equal("sqlite", deployment.Database.Type);
        Assert.Equal("Data Source=data/pickup.db", deployment.Database.Connection);
        Assert.Equal("memory", deployment.Session.Store);
        Assert.Equal("127.0.0.1:6379", deployment.Session.Connection);
        Assert.Equal("argon2id", deployment.Security.PasswordHash.Algorithm);
        Assert.Equal(19456, deployment.Security.PasswordHash.MemoryKib);
        Assert.Equal(2, deployment.Security.PasswordHash.Iterations);
        Assert.Equal(1, deployment.Security.PasswordHash.Parallelism);
        Assert.Equal(60, deployment.Security.LoginLimits.PerIpPerMinute);
        Assert.Equal(5, deployment.Security.LoginLimits.LockoutAfter);
        Assert.Equal(300, deployment.Security.LoginLimits.LockoutSeconds);
        Assert.Equal(3600, deployment.Security.LoginLimits.LockoutMaxSeconds);
        Assert.Equal(2592000, deployment.Oidc.RefreshTokenLifetimeSeconds);
        Assert.Empty(configuration.Authenticators);
        Assert.Empty(configuration.IdentityProviders);
        Assert.Empty(configuration.ServiceProviders);
        Assert.Equal(Path.GetFullPath(_home.Root), configuration.HomeDirectory);
        Assert.Equal(Path.Combine(Path.GetFullPath(_home.Root), "data"), configuration.DataDirectory);
    }

    [Fact]
    public void Load_SnakeCaseKeys_BindToTypedSections()
    {
        _home.WriteDeployment("""
            [server]
            hostname = "login.example.com"
            port = 443
            scheme = "https"
            bind = "0.0.0.0"
            public_url = "https://login.example.com/"
            trusted_proxies = ["10.0.0.5"]
            [database]
            type = "postgres"
            connection = "Host=127.0.0.1;Database=pickup"
            [session]
            store = "redis"
            connection = "127.0.0.1:6380"
            [security.password_hash]
            memory_kib = 65536
            iterations = 3
            [security.sms_limits]
            per_ip = 7
            [security.login_limits]
            per_ip_per_minute = 10
            lockout_max_seconds = 7200
            """);

        var configuration = ResultAssert.Valid(_home.Load());
        var deployment = configuration.Deployment;

        // A plugin's table is handed to it, not bound by the engine.
        var pluginTable = configuration.PluginSections[TempHome.PluginTable.Path];
        Assert.Equal(7, pluginTable.GetInt32("per_ip", 0));
        Assert.Equal(["per_ip"], pluginTable.Keys);
        Assert.Equal("login.example.com", deployment.Server.Hostname);
        Assert.Equal(443, deployment.Server.Port);
        Assert.Equal("https", deployment.Server.Scheme);
        Assert.Equal("0.0.0.0", deployment.Server.Bind);
        Assert.Equal(new Uri("https://login.example.com/"), deployment.Server.Issuer);
        Assert.Equal("postgres", deployment.Database.Type);
        Assert.Equal("Host=127.0.0.1;Database=pickup", deployment.Database.Connection);
        Assert.Equal("redis", deployment.Session.Store);
        Assert.Equal("127.0.0.1:6380", deployment.Session.Connection);
        Assert.Equal(65536, deployment.Security.PasswordHash.MemoryKib);
        Assert.Equal(3, deployment.Security.PasswordHash.Iterations);
        Assert.Equal(10, deployment.Security.LoginLimits.PerIpPerMinute);
        Assert.Equal(7200, deployment.Security.LoginLimits.LockoutMaxSeconds);
        Assert.Equal(300, deployment.Security.LoginLimits.LockoutSeconds);
    }

    [Fact]
    public void Load_AuthenticatorWithoutEnableOrParameters_IsEnabledWithEmptyParameters()
    {
        _home.WriteDeployment("""
            [authentication.authenticator.basic]
            name = "BasicAuthenticator"
            """);

        var authenticator = Assert.Single(ResultAssert.Valid(_home.Load()).Authenticators);

        Assert.True(authenticator.Enable);
        Assert.Empty(authenticator.Parameters.Keys);
        Assert.Equal(authenticator.Location, authenticator.Parameters.TableLocation);
    }

    [Fact]
    public void Load_FederatedTableWithoutEnableOrDefault_IsEnabledAndNotDefault()
    {
        _home.WriteDeployment(TempHome.MinimalDeployment)
            .WriteIdentityProvider("SMSOTP", """
                name = "SMSOTP"
                [federated.sms_otp]
                sms_url = "https://sms.example.com/send"
                """);

        var identityProvider = Assert.Single(ResultAssert.Valid(_home.Load()).IdentityProviders);

        var federated = Assert.Single(identityProvider.Federated);
        Assert.Equal("sms_otp", federated.AuthenticatorId);
        Assert.True(federated.Enable);
        Assert.False(federated.Default);
        Assert.Null(federated.Provider);
        Assert.Equal(["sms_url"], federated.Properties.Keys);
    }

    [Fact]
    public void Load_FederatedTable_PropertiesLeaveOutEnableAndDefaultButKeepProvider()
    {
        _home.WriteDeployment(TempHome.MinimalDeployment).WriteIdentityProvider("SMSOTP", TempHome.SmsOtpIdentityProvider);

        var identityProvider = Assert.Single(ResultAssert.Valid(_home.Load()).IdentityProviders);

        Assert.Equal("SMSOTP", identityProvider.Name);
        var federated = Assert.Single(identityProvider.Federated);
        Assert.True(federated.Default);
        Assert.Equal("outbox", federated.Provider);
        Assert.Equal(["provider"], federated.Properties.Keys);
        Assert.Equal(_home.At("conf/identity-providers/SMSOTP.toml", 2, 12), federated.Location);
        Assert.Equal(federated.Location, federated.Properties.TableLocation);
    }

    [Fact]
    public void Load_MinimalServiceProvider_GetsDefaultClaimPublicClientAndPlainSteps()
    {
        _home.WriteDeployment(TempHome.MinimalDeployment)
            .WriteIdentityProvider("SMSOTP", TempHome.SmsOtpIdentityProvider)
            .WriteServiceProvider("dispatch", TempHome.DispatchServiceProvider);

        var serviceProvider = Assert.Single(ResultAssert.Valid(_home.Load()).ServiceProviders);

        Assert.Equal("pickup-dispatch", serviceProvider.Name);
        Assert.Equal(ClaimUris.Username, serviceProvider.SubjectClaimUri);
        Assert.Null(serviceProvider.Oidc.ClientSecret);
        Assert.True(serviceProvider.Oidc.RequirePkce);
        Assert.Empty(serviceProvider.Oidc.PostLogoutRedirectUrls);
        Assert.Equal(["http://localhost:8080/pickup-dispatch/oauth2client"], serviceProvider.Oidc.CallbackUrls);
        Assert.Equal(2, serviceProvider.Steps.Count);
        Assert.All(serviceProvider.Steps, step => Assert.False(step.UseSubject || step.UseAttributes));
        Assert.Equal(_home.At("conf/service-providers/dispatch.toml", 5, 1), serviceProvider.Steps[0].Location);
        Assert.Equal(_home.At("conf/service-providers/dispatch.toml", 7, 1), serviceProvider.Steps[1].Location);
        var first = Assert.Single(serviceProvider.Steps[0].Options);
        Assert.Equal("basic", first.Authenticator);
        Assert.Null(first.IdentityProvider);
        Assert.Equal(_home.At("conf/service-providers/dispatch.toml", 6, 14), first.Location);
        var second = Assert.Single(serviceProvider.Steps[1].Options);
        Assert.Equal("SMSOTP", second.IdentityProvider);
        Assert.Null(second.Authenticator);
    }

    [Fact]
    public void Load_EmptyClientSecret_MakesAPublicClient()
    {
        _home.WriteDeployment(TempHome.MinimalDeployment)
            .WriteServiceProvider("app", """
                name = "app"
                [oidc]
                client_id = "app"
                client_secret = ""
                callback_urls = ["https://app.example.com/cb"]
                [[authentication.steps]]
                options = [{ authenticator = "basic" }]
                """);

        var serviceProvider = Assert.Single(ResultAssert.Valid(_home.Load()).ServiceProviders);

        Assert.Null(serviceProvider.Oidc.ClientSecret);
    }

    [Fact]
    public void Load_SeveralFiles_AreReadInOrdinalFileNameOrder()
    {
        _home.WriteDeployment(TempHome.MinimalDeployment)
            .WriteIdentityProvider("b", "name = \"b\"")
            .WriteIdentityProvider("B", "name = \"B\"")
            .WriteIdentityProvider("a", "name = \"a\"")
            .Write("conf/identity-providers/notes.txt", "not toml at all [");

        var configuration = ResultAssert.Valid(_home.Load());

        Assert.Equal(["B", "a", "b"], configuration.IdentityProviders.Select(p => p.Name));
    }
}
