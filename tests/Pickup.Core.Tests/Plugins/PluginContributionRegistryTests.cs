using Microsoft.Extensions.DependencyInjection;
using Pickup.Abstractions.Auditing;
using Pickup.Abstractions.Commands;
using Pickup.Abstractions.Plugins;
using Pickup.Abstractions.Users;
using Pickup.Core.Auditing;
using Pickup.Core.Plugins;

namespace Pickup.Core.Tests.Plugins;

/// <summary>What plugins contribute through Describe: collected with their plugin, and every clash refused naming both.</summary>
public sealed class PluginContributionRegistryTests
{
    [Fact]
    public void Collect_DistinctNames_KeepsEachWithItsPlugin()
    {
        var registry = PluginContributionRegistry.Collect(new FakeCatalog(
            ("Acme.Pin", c => c.AuditEvent("pin.verified", "a PIN was right").CredentialType("pin", "the PIN").Command(new Command("users", "pin-set"))),
            ("Acme.Phone", c => c.ClaimRule(new Rule("http://example.org/claims/phone")))));

        Assert.Empty(registry.Errors);
        Assert.Equal("Acme.Pin", Assert.Single(registry.AuditEvents).Plugin.Name);
        Assert.Equal("pin", Assert.Single(registry.CredentialTypes).Value);
        Assert.Equal("Acme.Pin", registry.FindCommand("users", "pin-set")?.Plugin.Name);
        Assert.Null(registry.FindCommand("users", "pin-reset"));
        Assert.Equal("Acme.Phone", Assert.Single(registry.ClaimRules).Plugin.Name);
        Assert.Contains("pin.verified", registry.AllAuditEventTypes);
        Assert.Contains(AuditEventTypes.LoginSucceeded, registry.AllAuditEventTypes);
    }

    [Theory]
    [InlineData("audit")]
    [InlineData("credential")]
    [InlineData("command")]
    [InlineData("claim")]
    public void Collect_TwoPluginsContributeOneName_RefusedNamingBoth(string kind)
    {
        Action<PluginContributions> contribute = kind switch
        {
            "audit" => c => c.AuditEvent("pin.verified", "x"),
            "credential" => c => c.CredentialType("pin", "x"),
            "command" => c => c.Command(new Command("users", "pin-set")),
            _ => c => c.ClaimRule(new Rule("http://example.org/claims/phone")),
        };

        var registry = PluginContributionRegistry.Collect(new FakeCatalog(("Acme.Pin", contribute), ("Other.Pin", contribute)));

        var error = Assert.Single(registry.Errors);
        Assert.Contains("Acme.Pin", error.Message, StringComparison.Ordinal);
        Assert.Contains("Other.Pin", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("users", "add")]
    [InlineData("config", "anything")]
    public void Collect_PluginTakesAnEngineCommand_Refused(string group, string name)
    {
        var registry = PluginContributionRegistry.Collect(new FakeCatalog(("Acme.Pin", c => c.Command(new Command(group, name)))));

        Assert.Contains("engine's own", Assert.Single(registry.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_PluginDeclaresAnEngineAuditType_Refused()
    {
        var registry = PluginContributionRegistry.Collect(new FakeCatalog(("Acme.Pin", c => c.AuditEvent(AuditEventTypes.LoginFailed, "x"))));

        Assert.Contains("engine's own", Assert.Single(registry.Errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Pin.Verified")]
    [InlineData("pin")]
    [InlineData("pin verified")]
    public void Collect_MalformedAuditType_Refused(string type)
    {
        var registry = PluginContributionRegistry.Collect(new FakeCatalog(("Acme.Pin", c => c.AuditEvent(type, "x"))));

        Assert.Contains(type, Assert.Single(registry.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_DescribeThrows_IsAnErrorNamingThePlugin()
    {
        var registry = PluginContributionRegistry.Collect(new FakeCatalog(("Acme.Pin", _ => throw new InvalidOperationException("boom"))));

        var error = Assert.Single(registry.Errors);
        Assert.Contains("Acme.Pin", error.Message, StringComparison.Ordinal);
        Assert.Contains("boom", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditTrail_UndeclaredType_Throws_DeclaredOneIsWritten()
    {
        var registry = PluginContributionRegistry.Collect(new FakeCatalog(("Acme.Pin", c => c.AuditEvent("pin.verified", "x"))));
        var log = new ListAuditLog();
        var trail = new AuditTrail(log, registry);

        await trail.WriteAsync(new AuditRecord("pin.verified") { UserId = "u1", Detail = "ok" }, CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => trail.WriteAsync(new AuditRecord("pin.guessed"), CancellationToken.None));

        var written = Assert.Single(log.Events);
        Assert.Equal(("pin.verified", "u1", "ok"), (written.Type, written.UserId, written.Detail));
    }

    private sealed class FakeCatalog(params (string Name, Action<PluginContributions> Describe)[] plugins) : IPluginCatalog
    {
        private readonly Dictionary<PluginDescriptor, Action<PluginContributions>> _describe = plugins.ToDictionary(
            p => new PluginDescriptor(p.Name, Path.Combine(Path.GetTempPath(), p.Name, p.Name + ".dll"), [], [], "1.0.0"),
            p => p.Describe);

        public IReadOnlyList<PluginDescriptor> Plugins => [.. _describe.Keys];

        public IReadOnlyList<PluginLoadFailure> Failures => [];

        public IReadOnlyList<string> SharedContracts => [];

        public IPickupPlugin CreateStartup(PluginDescriptor plugin) => new Startup(_describe[plugin]);
    }

    private sealed class Startup(Action<PluginContributions> describe) : IPickupPlugin
    {
        public void ConfigureServices(IServiceCollection services)
        {
        }

        public void Describe(PluginContributions contributions) => describe(contributions);
    }

    private sealed class Command(string group, string name) : PickupCommand
    {
        public override string Group => group;

        public override string Name => name;

        public override string Usage => $"pickup {group} {name}";

        public override Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken) => Task.FromResult(0);
    }

    private sealed class Rule(string uri) : ClaimRule
    {
        public override string ClaimUri => uri;
    }

    private sealed class ListAuditLog : IAuditLog
    {
        public List<AuditEvent> Events { get; } = [];

        public Task WriteAsync(AuditEvent auditEvent, CancellationToken ct)
        {
            Events.Add(auditEvent);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<AuditEvent>> TailAsync(int count, CancellationToken ct) => Task.FromResult<IReadOnlyList<AuditEvent>>(Events);

        public Task<IReadOnlyList<AuditEvent>> TailAsync(int count, string type, CancellationToken ct) => Task.FromResult<IReadOnlyList<AuditEvent>>(Events);
    }
}
