using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pickup.Abstractions.Sms;
using Pickup.Core.Auditing;
using Pickup.Core.Configuration;
using Pickup.Core.Limits;

namespace Pickup.Core.Sms.Limits;

/// <summary>Wraps every registered <see cref="ISmsSender"/> in <see cref="GuardedSmsSender"/>.</summary>
public static class SmsLimitsServiceCollectionExtensions
{
    /// <summary>Call after every plugin registered its senders.</summary>
    public static IServiceCollection AddSmsSendLimits(this IServiceCollection services, SmsLimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(Wrapped)))
        {
            return services; // Already wrapped: a second call must not count every send twice.
        }

        services.AddSingleton<Wrapped>();
        services.TryAddSingleton(limits);
        services.TryAddSingleton<IWindowCounter, InMemoryWindowCounter>();
        services.TryAddSingleton<SmsSendPolicy>();
        services.AddMetrics();

        var senders = services.Where(d => d.ServiceType == typeof(ISmsSender)).ToList();
        foreach (var descriptor in senders)
        {
            services.Remove(descriptor);
            services.Add(ServiceDescriptor.Singleton<ISmsSender>(provider =>
                new GuardedSmsSender((ISmsSender)Create(provider, descriptor), provider.GetRequiredService<SmsSendPolicy>(), provider.GetRequiredService<IAuditLog>())));
        }

        return services;
    }

    private static object Create(IServiceProvider provider, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!);

    /// <summary>Marks a collection whose senders are already wrapped.</summary>
    private sealed class Wrapped;
}
