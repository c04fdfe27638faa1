using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pickup.Abstractions.Sms;

namespace Pickup.Core.Sms;

/// <summary>Registers the development <c>outbox</c> SMS provider.</summary>
public static class OutboxServiceCollectionExtensions
{
    /// <summary>Adds <see cref="OutboxSmsSender"/> writing to <c>&lt;dataDirectory&gt;/outbox</c> and the console.</summary>
    /// <param name="services">The engine's services.</param>
    /// <param name="dataDirectory">The home's <c>data</c> folder.</param>
    /// <param name="serverIsLoopback">True when <c>[server] bind</c> is a loopback address; otherwise the provider is refused.</param>
    public static IServiceCollection AddOutboxSmsSender(this IServiceCollection services, string dataDirectory, bool serverIsLoopback)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var outbox = Path.Combine(dataDirectory, "outbox");
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISmsSender, OutboxSmsSender>(provider => new OutboxSmsSender(
            outbox,
            serverIsLoopback,
            provider.GetService<TextWriter>() ?? Console.Out,
            provider.GetService<TimeProvider>() ?? TimeProvider.System)));
        return services;
    }
}
