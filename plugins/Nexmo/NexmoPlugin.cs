using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Pickup.Abstractions.Plugins;
using Pickup.Plugins.Nexmo;
using Pickup.Sms.Contracts;

[assembly: PickupPlugin(typeof(NexmoPlugin), Provides = ["nexmo"])]

namespace Pickup.Plugins.Nexmo;

/// <summary>Registers the <c>nexmo</c> SMS provider: an HTTP sender that reads Vonage's JSON answer.</summary>
public sealed class NexmoPlugin : IPickupPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services)
    {
        // AddHttpClient comes from the shared framework. Microsoft.Extensions.Http.Resilience is a package, but the
        // host loads the same version and the plugin catalog prefers the host's copy, so the types stay one.
        services.AddHttpClient();
        // The sender's instruments (meter Pickup.Nexmo); the host registers the same factory, so this changes nothing there.
        services.AddMetrics();
        services.TryAddSingleton<NexmoResilience>();

        // Post-configure, so the connect timeout is applied to the primary handler after any handler the
        // host configured for every client (its trust store, for one), whatever order the registrations ran in.
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IPostConfigureOptions<HttpClientFactoryOptions>, NexmoHttpClients>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISmsSender, NexmoSmsSender>());
    }
}
