using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pickup.Abstractions.Hosting;
using Pickup.Abstractions.Plugins;
using Pickup.Plugins.Outbox;
using Pickup.Sms.Contracts;

[assembly: PickupPlugin(typeof(OutboxPlugin), Provides = [OutboxSmsSender.ProviderId])]

namespace Pickup.Plugins.Outbox;

/// <summary>
/// Registers the development <c>outbox</c> SMS provider: each message becomes a file in
/// <c>&lt;home&gt;/data/outbox/</c> and one console line. Refused unless the server listens on loopback only.
/// </summary>
public sealed class OutboxPlugin : IPickupPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISmsSender, OutboxSmsSender>(provider =>
        {
            var server = provider.GetRequiredService<IServerEnvironment>();
            return new OutboxSmsSender(
                Path.Combine(server.DataDirectory, "outbox"),
                server.IsLoopbackOnly,
                server.Console,
                provider.GetService<TimeProvider>() ?? TimeProvider.System);
        }));
}
