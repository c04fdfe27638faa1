using Microsoft.Extensions.DependencyInjection;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Sms;
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
        Assert.Equal(["nexmo"], byName["Pickup.Plugins.Nexmo"].SmsProviders);
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
    public void CreateStartup_InstalledSmsProviderPlugin_RegistersSenderCastableToHostSdk()
    {
        using var catalog = PluginCatalog.Open([PluginFolders.Installed]);
        var nexmo = catalog.Plugins.Single(p => p.Name == "Pickup.Plugins.Nexmo");
        var services = new ServiceCollection();

        catalog.CreateStartup(nexmo).ConfigureServices(services);

        Assert.Contains(services, d => d.ServiceType == typeof(ISmsSender));
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
            ["Pickup.Plugins.Basic", "Pickup.Plugins.Nexmo", "Pickup.Plugins.SmsOtp", "Pickup.TestPlugins.Confirm", "Pickup.TestPlugins.NoFactory", "Pickup.TestPlugins.Throwing"],
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
