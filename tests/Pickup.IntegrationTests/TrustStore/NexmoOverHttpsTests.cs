using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pickup.Core.Plugins;
using Pickup.Core.Security;
using Pickup.FakeVonage;
using Pickup.Host.Cli;
using Pickup.IntegrationTests.Infrastructure;
using Pickup.Sms.Contracts;
using Pickup.Testing;

namespace Pickup.IntegrationTests.TrustStore;

/// <summary>
/// The built Nexmo plugin, loaded from the installation the way the engine loads it, sending over real HTTPS to a
/// fake Vonage with a certificate made here: refused before the certificate is imported, delivered after.
/// </summary>
public sealed partial class NexmoOverHttpsTests : IDisposable
{
    private static readonly SmsMessage Message = new("94778888888", "Your Pickup code is 482913", "482913");

    private readonly string _home = Path.Combine(Path.GetTempPath(), "pickup-it-trust-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly PluginCatalog _catalog = PluginCatalog.Open([Path.Combine(TestInstallation.InstallDirectory, "plugins")]);

    public NexmoOverHttpsTests() => Directory.CreateDirectory(_home);

    public void Dispose()
    {
        _catalog.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    [Fact]
    public async Task Send_SelfSignedProvider_FailsUntrustedBeforeImportAndDeliversAfterImportAtNextStart()
    {
        using var certificate = TestCertificates.CreateSelfSigned("fake-vonage.test");
        await using var vonage = await FakeVonageServer.StartAsync(certificate: certificate);
        var properties = TestParameters.From(("sms_url", vonage.SmsUrl("key", "https-secret")), ("timeout", 5));

        var firstLogs = new CapturedLogs();
        await using (var first = StartEngine(firstLogs))
        {
            var refused = await first.GetServices<ISmsSender>().Single(s => s.Provider == "nexmo").SendAsync(Message, properties, CancellationToken.None);

            Assert.False(refused.Succeeded);
            Assert.Equal(SmsFailureReason.Untrusted, refused.Reason);
            Assert.Empty(vonage.Requests);
        }

        // The warning carries the exact command; run it as the admin would.
        var command = ImportCommand().Match(firstLogs.AllText);
        Assert.True(command.Success, firstLogs.AllText);
        Assert.DoesNotContain("https-secret", firstLogs.AllText, StringComparison.Ordinal);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await TruststoreCommand.RunAsync(
            ["import", "--file", command.Groups["file"].Value, "--alias", command.Groups["alias"].Value],
            command.Groups["home"].Value,
            stdout,
            stderr);
        Assert.True(exit == 0, stderr.ToString());

        await using var second = StartEngine(new CapturedLogs());
        var delivered = await second.GetServices<ISmsSender>().Single(s => s.Provider == "nexmo").SendAsync(Message, properties, CancellationToken.None);

        Assert.True(delivered.Succeeded, delivered.FailureDetail);
        Assert.Equal("482913", vonage.LatestCode("94778888888"));
        Assert.Single(vonage.Requests);
    }

    [Fact]
    public async Task LoadedPlugin_ResilienceAssemblies_AreTheHostsOnly()
    {
        // The plugin folder ships its own copies; the catalog must still hand it the host's, or the DI types split.
        await using var engine = StartEngine(new CapturedLogs());
        await using var vonage = await FakeVonageServer.StartAsync();

        var result = await engine.GetServices<ISmsSender>().Single(s => s.Provider == "nexmo")
            .SendAsync(Message, TestParameters.From(("sms_url", vonage.SmsUrl())), CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureDetail);
        foreach (var name in (string[])["Microsoft.Extensions.Http.Resilience", "Polly.Core"])
        {
            var loaded = AssemblyLoadContext.All.SelectMany(c => c.Assemblies).Where(a => a.GetName().Name == name).ToList();
            var only = Assert.Single(loaded);
            Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(only));
        }
    }

    // What the engine does at start-up: the trust store first, then the plugin's own registrations.
    private ServiceProvider StartEngine(CapturedLogs logs)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        services.AddPickupTrustStore(_home);
        var nexmo = Assert.Single(_catalog.Plugins, p => p.Provides.Contains("nexmo"));
        _catalog.CreateStartup(nexmo).ConfigureServices(services);
        return services.BuildServiceProvider();
    }

    [GeneratedRegex(@"\./pickup --home (?<home>\S+) truststore import --file (?<file>\S+) --alias (?<alias>\S+)")]
    private static partial Regex ImportCommand();
}
