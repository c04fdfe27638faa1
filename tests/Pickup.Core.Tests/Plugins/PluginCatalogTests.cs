using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;
using Microsoft.Extensions.DependencyInjection;
using Pickup.Abstractions.Authentication;
using Pickup.Core.Plugins;

namespace Pickup.Core.Tests.Plugins;

/// <summary>Opening plugin folders built like a real installation: what loads, what is refused, and why.</summary>
public sealed class PluginCatalogTests : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "pickup-plugins-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    [Fact]
    public void Open_InstalledPlugins_LoadsEachWithItsDeclaredIds()
    {
        using var catalog = PluginCatalog.Open([PluginFolders.Installed]);

        Assert.Empty(catalog.Failures);
        var byName = catalog.Plugins.ToDictionary(p => p.Name, StringComparer.Ordinal);
        Assert.Equal(["basic"], byName["Pickup.Plugins.Basic"].Authenticators);
        Assert.Equal(["sms_otp"], byName["Pickup.Plugins.SmsOtp"].Authenticators);
        Assert.Equal(["nexmo"], byName["Pickup.Plugins.Nexmo"].Provides);
        Assert.Equal(["outbox"], byName["Pickup.Plugins.Outbox"].Provides);
        Assert.Empty(byName["Pickup.Plugins.Nexmo"].Authenticators);
        Assert.All(catalog.Plugins, p =>
        {
            Assert.Equal(Path.Combine(PluginFolders.Installed, p.Name, p.Name + ".dll"), p.AssemblyPath);
            Assert.False(string.IsNullOrEmpty(p.Version));
        });
    }

    [Fact]
    public void CreateStartup_InstalledAuthenticatorPlugin_RegistersFactoryCastableToHostSdk()
    {
        using var catalog = PluginCatalog.Open([PluginFolders.Installed]);
        var basic = catalog.Plugins.Single(p => p.Name == "Pickup.Plugins.Basic");
        var services = new ServiceCollection();

        catalog.CreateStartup(basic).ConfigureServices(services);

        using var provider = services.BuildServiceProvider();
        var factory = Assert.Single(provider.GetServices<IAuthenticatorFactory>());
        Assert.Equal("basic", factory.Id);
    }

    [Fact]
    public void CreateStartup_ProviderAndConsumerInTwoFolders_ShareOneCopyOfTheirContract()
    {
        using var catalog = PluginCatalog.Open([PluginFolders.Installed]);
        var services = new ServiceCollection();
        var nexmo = catalog.CreateStartup(catalog.Plugins.Single(p => p.Name == "Pickup.Plugins.Nexmo"));
        var smsOtp = catalog.CreateStartup(catalog.Plugins.Single(p => p.Name == "Pickup.Plugins.SmsOtp"));

        nexmo.ConfigureServices(services);

        // Each plugin resolves the contract through its own load context; both must get the host's one copy.
        var providerSide = ContractSeenBy(nexmo);
        var consumerSide = ContractSeenBy(smsOtp);
        Assert.Same(providerSide, consumerSide);
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(providerSide));
        var provided = services.Single(d => d.ServiceType.FullName == "Pickup.Sms.Contracts.ISmsSender").ServiceType;
        Assert.Same(providerSide.GetType("Pickup.Sms.Contracts.ISmsSender"), provided);
        Assert.Contains(catalog.SharedContracts, c => c.StartsWith("Pickup.Sms.Contracts ", StringComparison.Ordinal));
    }

    [Fact]
    public void Open_TwoPluginsCarryDifferentVersionsOfOneContract_RefusesBothNamingTheVersions()
    {
        var nexmo = CopyPlugin(PluginFolders.Installed, "Pickup.Plugins.Nexmo", "Pickup.Plugins.Nexmo");
        var smsOtp = CopyPlugin(PluginFolders.Installed, "Pickup.Plugins.SmsOtp", "Pickup.Plugins.SmsOtp");
        var contract = Path.Combine(smsOtp, "Pickup.Sms.Contracts.dll");
        File.Delete(contract);
        var other = new PersistedAssemblyBuilder(new AssemblyName("Pickup.Sms.Contracts") { Version = new Version(9, 0, 0, 0) }, typeof(object).Assembly);
        other.DefineDynamicModule("Pickup.Sms.Contracts");
        other.Save(contract);

        using var catalog = PluginCatalog.Open([_scratch]);

        Assert.Empty(catalog.Plugins);
        Assert.Equal([nexmo, smsOtp], catalog.Failures.Select(f => f.Directory).Order(StringComparer.Ordinal));
        Assert.All(catalog.Failures, f =>
        {
            Assert.Contains("different versions of the shared contract Pickup.Sms.Contracts", f.Reason, StringComparison.Ordinal);
            Assert.Contains("9.0.0.0 in Pickup.Plugins.SmsOtp", f.Reason, StringComparison.Ordinal);
            Assert.Contains("1.0.0.0 in Pickup.Plugins.Nexmo", f.Reason, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Open_FixturePlugins_LoadsDeclaredOnesAndRefusesUndeclaredWithReason()
    {
        using var catalog = PluginCatalog.Open([PluginFolders.Fixtures]);

        Assert.Equal(
            [
                ("Pickup.TestPlugins.Confirm", "confirm"),
                ("Pickup.TestPlugins.NoFactory", "nofactory"),
                ("Pickup.TestPlugins.Throwing", "throwing"),
            ],
            catalog.Plugins.Select(p => (p.Name, string.Join(",", p.Ids))));
        var failure = Assert.Single(catalog.Failures);
        Assert.Equal(Path.Combine(PluginFolders.Fixtures, "Pickup.TestPlugins.Undeclared"), failure.Directory);
        Assert.Contains("no [assembly: PickupPlugin(...)] declaration", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateStartup_PluginThatThrowsOnRegistration_LoadsButThrowsWhenConfiguring()
    {
        using var catalog = PluginCatalog.Open([PluginFolders.Fixtures]);
        var throwing = catalog.Plugins.Single(p => p.Name == "Pickup.TestPlugins.Throwing");

        var startup = catalog.CreateStartup(throwing);

        var error = Assert.Throws<InvalidOperationException>(() => startup.ConfigureServices(new ServiceCollection()));
        Assert.Contains("throwing fixture", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateStartup_PluginWithoutFactory_RegistersNothing()
    {
        using var catalog = PluginCatalog.Open([PluginFolders.Fixtures]);
        var services = new ServiceCollection();

        catalog.CreateStartup(catalog.Plugins.Single(p => p.Name == "Pickup.TestPlugins.NoFactory")).ConfigureServices(services);

        Assert.Empty(services);
    }

    [Fact]
    public void Open_FolderWithoutMainAssembly_ReportsExpectedFileName()
    {
        var folder = CopyPlugin(PluginFolders.Fixtures, "Pickup.TestPlugins.Confirm", "Renamed");

        using var catalog = PluginCatalog.Open([_scratch]);

        Assert.Empty(catalog.Plugins);
        var failure = Assert.Single(catalog.Failures);
        Assert.Equal(folder, failure.Directory);
        Assert.Equal("no main assembly: expected Renamed.dll in the folder", failure.Reason);
    }

    [Fact]
    public void Open_MainAssemblyNotDotNet_ReportsCouldNotBeLoaded()
    {
        var folder = Path.Combine(_scratch, "Garbage");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Garbage.dll"), "not a portable executable");

        using var catalog = PluginCatalog.Open([_scratch]);

        Assert.Empty(catalog.Plugins);
        Assert.StartsWith("could not be loaded: ", Assert.Single(catalog.Failures).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_SeveralRootsSomeMissing_LoadsFromEveryExistingRootInNameOrder()
    {
        using var catalog = PluginCatalog.Open([PluginFolders.Installed, Path.Combine(_scratch, "missing"), PluginFolders.Fixtures]);

        Assert.Equal(
            ["Pickup.Plugins.Basic", "Pickup.Plugins.Nexmo", "Pickup.Plugins.Outbox", "Pickup.Plugins.SmsOtp", "Pickup.Plugins.Totp", "Pickup.TestPlugins.Confirm", "Pickup.TestPlugins.NoFactory", "Pickup.TestPlugins.Throwing"],
            catalog.Plugins.Select(p => p.Name));
        Assert.Single(catalog.Failures);
    }

    [Fact]
    public void Open_NoExistingRoot_IsEmpty()
    {
        using var catalog = PluginCatalog.Open([Path.Combine(_scratch, "missing")]);

        Assert.Empty(catalog.Plugins);
        Assert.Empty(catalog.Failures);
    }

    private static Assembly ContractSeenBy(object pluginStartup) =>
        AssemblyLoadContext.GetLoadContext(pluginStartup.GetType().Assembly)!.LoadFromAssemblyName(new AssemblyName("Pickup.Sms.Contracts"));

    [Fact]
    public void Open_HomeFolderWithSourcesAndAPluginTheInstallationShips_SkipsSourcesRefusesTheDuplicate()
    {
        // <home>/plugins of a checkout: the plugins' sources (a project file, no dll) are no plugins to load.
        var home = Path.Combine(_scratch, "home-plugins");
        Directory.CreateDirectory(Path.Combine(home, "Basic"));
        File.WriteAllText(Path.Combine(home, "Basic", "Pickup.Plugins.Basic.csproj"), "<Project />");
        var duplicate = Path.Combine(home, "Pickup.Plugins.Nexmo");
        Directory.CreateDirectory(duplicate);
        foreach (var file in Directory.GetFiles(Path.Combine(PluginFolders.Installed, "Pickup.Plugins.Nexmo")))
        {
            File.Copy(file, Path.Combine(duplicate, Path.GetFileName(file)));
        }

        using var catalog = PluginCatalog.Open([PluginFolders.Installed, home]);

        var failure = Assert.Single(catalog.Failures);
        Assert.Equal(duplicate, failure.Directory);
        Assert.Contains(Path.Combine(PluginFolders.Installed, "Pickup.Plugins.Nexmo"), failure.Reason, StringComparison.Ordinal);
        Assert.Single(catalog.Plugins, p => p.Name == "Pickup.Plugins.Nexmo");
        Assert.DoesNotContain(catalog.Plugins, p => p.Name == "Basic");
    }

    private string CopyPlugin(string root, string name, string newFolderName)
    {
        var target = Path.Combine(_scratch, newFolderName);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Path.Combine(root, name)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }
}
