using Pickup.Abstractions.Configuration;
using Pickup.Core.Configuration;

namespace Pickup.Core.Tests.Configuration;

/// <summary>The conf/ folder of the repository is what `./pickup demo` and `./pickup serve` start with.</summary>
public sealed class ShippedConfTests
{
    private const string DemoSecret = "demo-secret-for-tests";

    private static readonly string RepositoryRoot = FindRepositoryRoot();

    [Fact]
    public void Load_ShippedConf_HasNoErrors()
    {
        var configuration = ResultAssert.Valid(LoadShipped(DemoEnvironment));

        Assert.Equal(new Uri("http://localhost:9443/"), configuration.Deployment.Server.Issuer);
        Assert.Equal("127.0.0.1", configuration.Deployment.Server.Bind);
        Assert.Equal("Data Source=data/pickup.db", configuration.Deployment.Database.Connection);
        Assert.Equal("memory", configuration.Deployment.Session.Store);
    }

    [Fact]
    public void Load_ShippedConf_EnablesBasicAndTheReferenceSmsOtpBlock()
    {
        var configuration = ResultAssert.Valid(LoadShipped(DemoEnvironment));

        Assert.Equal(["basic", "sms_otp"], configuration.Authenticators.Select(a => a.Id));
        Assert.All(configuration.Authenticators, a => Assert.True(a.Enable));
        Assert.Equal("BasicAuthenticator", configuration.Authenticators[0].Name);
        var smsOtp = configuration.Authenticators[1];
        Assert.Equal("SMSOTP", smsOtp.Name);
        Assert.Equal(11, smsOtp.Parameters.Keys.Count());
        Assert.Equal("smsotpauthenticationendpoint/smsotp.jsp", smsOtp.Parameters.GetRequiredString("SMSOTPAuthenticationEndpointURL"));
        Assert.True(smsOtp.Parameters.GetBoolean("BackupCode", false));
    }

    [Fact]
    public void Load_ShippedConf_SendsCodesThroughTheOutboxByDefault()
    {
        var identityProvider = Assert.Single(ResultAssert.Valid(LoadShipped(DemoEnvironment)).IdentityProviders);

        Assert.Equal("SMSOTP", identityProvider.Name);
        var federated = Assert.Single(identityProvider.Federated);
        Assert.Equal("sms_otp", federated.AuthenticatorId);
        Assert.True(federated.Enable);
        Assert.True(federated.Default);
        Assert.Equal("outbox", federated.Provider);
    }

    [Fact]
    public void Load_ShippedConf_DefinesPickupDispatchAsInTheProductBrief()
    {
        var serviceProvider = Assert.Single(ResultAssert.Valid(LoadShipped(DemoEnvironment)).ServiceProviders);

        Assert.Equal("pickup-dispatch", serviceProvider.Name);
        Assert.Equal("pickup-dispatch", serviceProvider.Oidc.ClientId);
        Assert.Equal(DemoSecret, serviceProvider.Oidc.ClientSecret);
        Assert.Equal(["http://localhost:8080/pickup-dispatch/oauth2client"], serviceProvider.Oidc.CallbackUrls);
        Assert.Equal(["http://localhost:8080/pickup-dispatch/"], serviceProvider.Oidc.PostLogoutRedirectUrls);
        Assert.Equal("http://localhost:8080/pickup-dispatch/backchannel-logout", serviceProvider.Oidc.BackchannelLogoutUri);
        Assert.Equal("http://wso2.org/claims/mobile", serviceProvider.SubjectClaimUri);
        Assert.Equal(2, serviceProvider.Steps.Count);
        Assert.True(serviceProvider.Steps[0].UseSubject);
        Assert.True(serviceProvider.Steps[0].UseAttributes);
        Assert.Equal("basic", Assert.Single(serviceProvider.Steps[0].Options).Authenticator);
        Assert.Equal("SMSOTP", Assert.Single(serviceProvider.Steps[1].Options).IdentityProvider);
    }

    [Fact]
    public void Load_ShippedConfWithoutTheDemoSecret_ReportsTheVariableAtItsLine()
    {
        var result = LoadShipped(_ => null);

        var error = Assert.Single(result.Errors);
        var file = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(RepositoryRoot, "conf", "service-providers", "pickup-dispatch.toml"));
        Assert.Equal(file, error.Location.File);
        Assert.Equal("client_secret", ReadLine(Path.Combine(RepositoryRoot, "conf", "service-providers", "pickup-dispatch.toml"), error.Location).Split(' ')[0]);
        Assert.Contains("PICKUP_DISPATCH_SECRET", error.Message, StringComparison.Ordinal);
    }

    private static string? DemoEnvironment(string name) => name == "PICKUP_DISPATCH_SECRET" ? DemoSecret : null;

    private static ConfigurationResult LoadShipped(Func<string, string?> environment) =>
        ConfigurationLoader.Load(RepositoryRoot, environment);

    private static string ReadLine(string path, SourceLocation location) =>
        File.ReadAllLines(path)[location.Line - 1][(location.Column - 1)..];

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        for (var depth = 0; directory is not null && depth < 32; depth++, directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pickup.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Pickup.sln not found above {AppContext.BaseDirectory}");
    }
}
