using Microsoft.Extensions.DependencyInjection;
using Pickup.Abstractions.Plugins;
using Pickup.Core.Plugins;

namespace Pickup.Data.Tests.Credentials;

/// <summary>A plugin catalog of one plugin that declares the credential types the tests store.</summary>
internal sealed class DeclaringCatalog : IPluginCatalog, IPickupPlugin
{
    public const string Note = "secret-note";
    public const string Recovery = "recovery";

    public IReadOnlyList<PluginDescriptor> Plugins { get; } =
        [new PluginDescriptor("Test.Declaring", Path.Combine(Path.GetTempPath(), "Test.Declaring.dll"), [], [], "1.0.0")];

    public IReadOnlyList<PluginLoadFailure> Failures { get; } = [];

    public IReadOnlyList<string> SharedContracts { get; } = [];

    /// <summary>What the engine collects from this catalog.</summary>
    public static PluginContributionRegistry Registry { get; } = PluginContributionRegistry.Collect(new DeclaringCatalog());

    public IPickupPlugin CreateStartup(PluginDescriptor plugin) => this;

    public void ConfigureServices(IServiceCollection services)
    {
    }

    public void Describe(PluginContributions contributions) =>
        contributions.CredentialType(Note, "an encrypted note").CredentialType(Recovery, "hashed recovery codes");
}
