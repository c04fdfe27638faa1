using System.Net.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pickup.Abstractions.Limits;
using Pickup.Abstractions.Security;
using Pickup.Core.Configuration;
using Pickup.Core.Flow;
using Pickup.Core.Limits;
using Pickup.Core.Security;
using Pickup.Core.Sessions.Protocol;
using StackExchange.Redis;

namespace Pickup.Core.Sessions;

/// <summary>
/// <c>[session]</c>: where login attempts, their gates and send counters live. <c>memory</c> serves one node;
/// <c>redis</c> lets several nodes share every login. The Data Protection keys live in the database whatever the store.
/// </summary>
public static class SessionStoreServiceCollectionExtensions
{
    /// <summary>Registers the stores and Data Protection (its key ring's repository is the caller's to register).</summary>
    /// <param name="services">The engine's services.</param>
    /// <param name="session">The <c>[session]</c> table.</param>
    /// <param name="secrets">The server secret: it seals attempts in Redis and encrypts the Data Protection keys.</param>
    /// <param name="certificateValidation">Checks a Redis server's TLS certificate (<c>ssl=true</c>).</param>
    /// <exception cref="RedisConnectionException">Redis could not be reached (or refused the password or the certificate).</exception>
    public static IServiceCollection AddPickupSessionStore(
        this IServiceCollection services,
        SessionOptions session,
        IServerSecrets secrets,
        RemoteCertificateValidationCallback certificateValidation)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(secrets);
        services.TryAddSingleton(secrets);
        services.AddDataProtection().SetApplicationName("Pickup.Engine");

        // Keys are encrypted before they are stored (and sealed again with [security] key_encryption_key when set).
        services.Configure<KeyManagementOptions>(o => o.XmlEncryptor = new ServerSecretXmlEncryptor(secrets));
        if (session.Store != "redis")
        {
            services.TryAddSingleton<ILoginAttemptStore>(sp => new InMemoryLoginAttemptStore(
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<LoginLimitsOptions>()?.AttemptStoreCapacity ?? new LoginLimitsOptions().AttemptStoreCapacity));
            services.TryAddSingleton<IAttemptGate, InMemoryAttemptGate>();
            services.TryAddSingleton<IWindowCounter, InMemoryWindowCounter>();
            services.TryAddSingleton<IProtocolEntryStore>(sp => new InMemoryProtocolEntryStore(
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<LoginLimitsOptions>()?.AttemptStoreCapacity ?? new LoginLimitsOptions().AttemptStoreCapacity));
            return services;
        }

        // Validated at load; connected now: a Redis that cannot be reached stops start-up with a message, not the first login.
        if (!RedisConnectionString.TryParse(session.Connection, out var options, out var problem))
        {
            throw new ArgumentException(problem, nameof(session));
        }

        options!.AbortOnConnectFail = true;
        options.ConnectTimeout = 5000;
        options.CertificateValidation += certificateValidation;
        var redis = ConnectionMultiplexer.Connect(options);
        services.AddSingleton<IConnectionMultiplexer>(redis);
        services.TryAddSingleton<LoginAttemptSeal>();
        services.TryAddSingleton<ILoginAttemptStore, RedisLoginAttemptStore>();
        services.TryAddSingleton<IAttemptGate, RedisAttemptGate>();
        services.TryAddSingleton<IWindowCounter, RedisWindowCounter>();
        services.TryAddSingleton<IProtocolEntryStore>(sp => new RedisProtocolEntryStore(
            redis,
            sp.GetRequiredService<TimeProvider>(),
            new LoginAttemptSeal(secrets, RedisProtocolEntryStore.SealPurpose),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<RedisProtocolEntryStore>>()));
        return services;
    }
}
