using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pickup.Core.Configuration;
using Pickup.Core.Flow;
using Pickup.Core.Sms.Limits;
using StackExchange.Redis;

namespace Pickup.Core.Sessions;

/// <summary>
/// <c>[session]</c>: where login attempts, their gates, send counters and the Data Protection keys live.
/// <c>memory</c> serves one node; <c>redis</c> lets several nodes share every login.
/// </summary>
public static class SessionStoreServiceCollectionExtensions
{
    /// <summary>Registers the stores; for <c>memory</c>, Data Protection keys go to <paramref name="keysDirectory"/>.</summary>
    public static IServiceCollection AddPickupSessionStore(this IServiceCollection services, SessionOptions session, string keysDirectory)
    {
        ArgumentNullException.ThrowIfNull(session);
        var dataProtection = services.AddDataProtection().SetApplicationName("Pickup.Engine");
        if (session.Store != "redis")
        {
            services.TryAddSingleton<ILoginAttemptStore>(sp => new InMemoryLoginAttemptStore(
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<LoginLimitsOptions>()?.AttemptStoreCapacity ?? new LoginLimitsOptions().AttemptStoreCapacity));
            services.TryAddSingleton<IAttemptGate, InMemoryAttemptGate>();
            services.TryAddSingleton<ISendCounter, InMemorySendCounter>();
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keysDirectory));
            return services;
        }

        // Connected now: a Redis that cannot be reached stops start-up with a message, not the first login.
        var options = ConfigurationOptions.Parse(session.Connection);
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 5000;
        var redis = ConnectionMultiplexer.Connect(options);
        services.AddSingleton<IConnectionMultiplexer>(redis);
        services.TryAddSingleton<ILoginAttemptStore, RedisLoginAttemptStore>();
        services.TryAddSingleton<IAttemptGate, RedisAttemptGate>();
        services.TryAddSingleton<ISendCounter, RedisSendCounter>();
        dataProtection.PersistKeysToStackExchangeRedis(redis, "pickup:dataprotection-keys");
        return services;
    }
}
