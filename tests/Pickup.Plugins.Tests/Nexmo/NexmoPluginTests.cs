using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pickup.Abstractions.Plugins;
using Pickup.FakeVonage;
using Pickup.Plugins.Nexmo;
using Pickup.Sms.Contracts;
using Pickup.Testing;

namespace Pickup.Plugins.Tests.Nexmo;

public sealed class NexmoPluginTests
{
    [Fact]
    public void Assembly_PickupPluginAttribute_DeclaresNexmoProviderAndStartupType()
    {
        var attribute = typeof(NexmoPlugin).Assembly.GetCustomAttribute<PickupPluginAttribute>();

        Assert.NotNull(attribute);
        Assert.Equal(typeof(NexmoPlugin), attribute.StartupType);
        Assert.Equal(["nexmo"], attribute.Provides);
        Assert.Empty(attribute.Authenticators);
    }

    [Fact]
    public void ConfigureServices_CalledTwice_RegistersOneNexmoSender()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var plugin = new NexmoPlugin();
        plugin.ConfigureServices(services);
        plugin.ConfigureServices(services);

        using var provider = services.BuildServiceProvider();
        var sender = Assert.Single(provider.GetServices<ISmsSender>());
        Assert.Equal("nexmo", sender.Provider);
        Assert.Same(sender, provider.GetServices<ISmsSender>().Single());
        Assert.Equal(
            ["connect_timeout", "http_headers", "http_method", "http_payload", "http_response_code", "show_detailed_error_info", "sms_url", "timeout"],
            sender.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ConfigureServices_HostHandlerDefaults_StillApplyToNexmoClient()
    {
        // The host's trust store reaches every client through the factory defaults; the plugin must not bypass them.
        var hostHandlerUsed = false;
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.ClearProviders());
        services.ConfigureHttpClientDefaults(builder => builder.ConfigurePrimaryHttpMessageHandler((handler, _) =>
        {
            if (handler is SocketsHttpHandler sockets)
            {
                sockets.UseCookies = false;
                hostHandlerUsed = true;
            }
        }));
        new NexmoPlugin().ConfigureServices(services);
        using var provider = services.BuildServiceProvider();
        await using var vonage = await FakeVonageServer.StartAsync();

        var result = await provider.GetServices<ISmsSender>().Single().SendAsync(
            new SmsMessage("94778888888", "Your Pickup code is 482913", "482913"),
            TestParameters.From(("sms_url", vonage.SmsUrl())),
            CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureDetail);
        Assert.True(hostHandlerUsed);
    }
}
