using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Configuration;
using Pickup.Core.Configuration;
using Pickup.Core.Flow;
using Pickup.Core.Tests.Configuration;

namespace Pickup.Core.Tests.Flow;

/// <summary>Start-up: tying the TOML to the factories the plugins registered, and every mistake reported at once.</summary>
public sealed class AuthenticatorRegistryTests : IDisposable
{
    private readonly TempHome _home = FlowConfiguration.WriteAll(new TempHome());
    private readonly PasswordAuthenticatorFactory _password = new();
    private readonly CodeAuthenticatorFactory _code = new();
    private readonly IdentifyBobFactory _ident = new();
    private readonly FailingFactory _failing = new();
    private readonly DecliningFactory _declining = new();

    public void Dispose() => _home.Dispose();

    private IAuthenticatorFactory[] AllFactories => [_password, _code, _ident, _failing, _declining];

    [Fact]
    public void Initialize_EveryIdHasFactory_NoErrorsAndConfiguresEachEnabledFactoryOnce()
    {
        var registry = new AuthenticatorRegistry(Load(), AllFactories);

        var errors = registry.Initialize(_ => true);

        Assert.Empty(errors);
        Assert.All(AllFactories.Cast<TestAuthenticatorFactory>(), f => Assert.Equal(1, f.ConfigureCalls));
        Assert.Equal(["Backup"], _code.ValidatedIdentityProviders);
    }

    [Fact]
    public void Resolve_IdentityProviderOption_GivesDefaultFederatedFactoryAndItsSettings()
    {
        var configuration = Load();
        var registry = new AuthenticatorRegistry(configuration, AllFactories);
        registry.Initialize(_ => true);
        var options = registry.FindByName(FlowConfiguration.MultiOption)!.Steps[0].Options;

        var local = registry.Resolve(options[0]);
        var federated = registry.Resolve(options[2]);

        Assert.Same(_password, local.Factory);
        Assert.Equal(("LOCAL", "Password"), (local.IdpName, local.DisplayName));
        Assert.Same(_code, federated.Factory);
        Assert.Equal(("Backup", "Code (Backup)"), (federated.IdpName, federated.DisplayName));
    }

    [Fact]
    public void FindByClientIdAndName_KnownAndUnknown_ReturnConfiguredServiceProviderOrNull()
    {
        var registry = new AuthenticatorRegistry(Load(), AllFactories);

        Assert.Equal(FlowConfiguration.TwoStep, registry.FindByClientId(FlowConfiguration.TwoStep)?.Name);
        Assert.Equal(FlowConfiguration.TwoStep, registry.FindByName(FlowConfiguration.TwoStep)?.Oidc.ClientId);
        Assert.Null(registry.FindByClientId("nobody"));
        Assert.Null(registry.FindByName("nobody"));
    }

    [Fact]
    public void Initialize_EnabledIdWithoutFactory_ReportsTableAndEveryOptionUsingIt()
    {
        var configuration = Load();
        var registry = new AuthenticatorRegistry(configuration, AllFactories.Where(f => f.Id != "ident"));

        var errors = registry.Initialize(_ => true);

        var table = configuration.Authenticators.Single(a => a.Id == "ident");
        Assert.Contains(errors, e => e.Location == table.Location && e.Message.Contains("'ident' registered no IAuthenticatorFactory", StringComparison.Ordinal));
        var usingIdent = configuration.ServiceProviders
            .SelectMany(s => s.Steps).SelectMany(s => s.Options).Where(o => o.Authenticator == "ident").Select(o => o.Location).ToList();
        Assert.Equal(2, usingIdent.Count);
        Assert.All(usingIdent, location => Assert.Contains(errors, e => e.Location == location && e.Message.Contains("names no enabled authenticator", StringComparison.Ordinal)));
    }

    [Fact]
    public void Initialize_TemplateMissingUnderEndpoints_ReportsTemplateAtAuthenticatorTable()
    {
        var configuration = Load();
        var registry = new AuthenticatorRegistry(configuration, AllFactories);

        var errors = registry.Initialize(template => template != CodeAuthenticatorFactory.Template);

        var error = Assert.Single(errors);
        Assert.Equal(configuration.Authenticators.Single(a => a.Id == "code").Location, error.Location);
        Assert.Contains($"'{CodeAuthenticatorFactory.Template}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Initialize_FactoryRejectsParameter_ReportsItAtTheKey()
    {
        _home.WriteDeployment(FlowConfiguration.Deployment + "\n\n[authentication.authenticator.password.parameters]\nGreting = \"hi\"\n");
        var registry = new AuthenticatorRegistry(Load(), AllFactories);

        var errors = registry.Initialize(_ => true);

        var error = Assert.Single(errors);
        Assert.Equal(_home.At("conf/deployment.toml", 22, 1), error.Location);
        Assert.Contains("unknown key 'Greting'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Initialize_FactoryRejectsIdentityProviderProperty_ReportsItInTheIdentityProviderFile()
    {
        _home.WriteIdentityProvider("Backup", FlowConfiguration.BackupIdentityProvider + "\nsms_urll = \"x\"\n");
        var registry = new AuthenticatorRegistry(Load(), AllFactories);

        var errors = registry.Initialize(_ => true);

        var error = Assert.Single(errors);
        Assert.Equal(_home.Display("conf/identity-providers/Backup.toml"), error.Location.File);
        Assert.Contains("unknown key 'sms_urll'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Initialize_DisabledAuthenticatorWithoutFactory_IsNeitherConfiguredNorReported()
    {
        _home.WriteDeployment(FlowConfiguration.Deployment + "\n\n[authentication.authenticator.ghost]\nname = \"Ghost\"\nenable = false\n");
        var registry = new AuthenticatorRegistry(Load(), AllFactories);

        Assert.Empty(registry.Initialize(_ => true));
    }

    [Fact]
    public void Initialize_DisabledAuthenticatorWithFactory_IsNotConfigured()
    {
        var spare = new SpareFactory();
        _home.WriteDeployment(FlowConfiguration.Deployment + "\n\n[authentication.authenticator.spare]\nname = \"Spare\"\nenable = false\n");
        var registry = new AuthenticatorRegistry(Load(), [.. AllFactories, spare]);

        Assert.Empty(registry.Initialize(_ => true));
        Assert.Equal(0, spare.ConfigureCalls);
    }

    private PickupConfiguration Load() => ResultAssert.Valid(_home.Load());

    // A plugin's factory for an id the administrator turned off.
    private sealed class SpareFactory : IAuthenticatorFactory
    {
        public string Id => "spare";

        public string DisplayName => "Spare";

        public IReadOnlyCollection<string> Templates => [];

        public int ConfigureCalls { get; private set; }

        public void Configure(PluginParameters parameters) => ConfigureCalls++;

        public void ValidateIdentityProvider(IdentityProviderSettings identityProvider)
        {
        }

        public IAuthenticator Create(IServiceProvider requestServices) => throw new InvalidOperationException("the registry never creates authenticators");
    }
}
