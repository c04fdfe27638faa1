using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Pickup.Core.Security;

/// <summary>Registers the trust store for every outbound <see cref="HttpClient"/> the engine and its plugins make.</summary>
public static class TrustStoreServiceCollectionExtensions
{
    /// <summary>
    /// Reads <c>&lt;homeDirectory&gt;/conf/security/</c> now (start-up), and makes every client from
    /// <see cref="IHttpClientFactory"/> trust the system's roots plus its certificates. Calling it twice is harmless.
    /// </summary>
    public static IServiceCollection AddPickupTrustStore(this IServiceCollection services, string homeDirectory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(homeDirectory);
        if (services.Any(d => d.ServiceType == typeof(TrustStoreCertificateValidator)))
        {
            return services;
        }

        // Read once here, so the store in force is the one present at start-up whatever happens to the folder later.
        var contents = new TrustStore(homeDirectory).Load();
        services.AddHttpClient();
        services.TryAddSingleton(sp => new TrustStoreCertificateValidator(
            contents,
            homeDirectory,
            sp.GetService<ILoggerFactory>()?.CreateLogger<TrustStoreCertificateValidator>() ?? NullLogger<TrustStoreCertificateValidator>.Instance,
            sp.GetService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<HttpClientFactoryOptions>, TrustStoreHttpClientConfiguration>());
        return services;
    }
}
