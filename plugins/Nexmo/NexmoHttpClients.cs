using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Pickup.Plugins.Nexmo;

/// <summary>
/// One named <see cref="HttpClient"/> per distinct <c>connect_timeout</c>, each sending through
/// <see cref="NexmoResilience"/>.
/// </summary>
/// <remarks>
/// <see cref="SocketsHttpHandler.ConnectTimeout"/> belongs to the handler and its connection pool, so it cannot vary
/// per request. A <c>ConnectCallback</c> reading a per-request option would be unreliable: since .NET 6 a pooled
/// connection attempt started by one request may serve another, so a request could wait on an attempt made with
/// someone else's timeout. A pool per timeout value avoids that, and the value is bounded to 1..60 seconds, so
/// there are at most 60 pools. Names are resolved on first use; nothing has to be registered per identity provider.
/// </remarks>
internal sealed class NexmoHttpClients : IPostConfigureOptions<HttpClientFactoryOptions>
{
    private const string NamePrefix = "Pickup.Plugins.Nexmo.connect-";

    /// <summary>The client name for a connect timeout in seconds.</summary>
    public static string ClientName(int connectTimeoutSeconds) =>
        NamePrefix + connectTimeoutSeconds.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public void PostConfigure(string? name, HttpClientFactoryOptions options)
    {
        if (name is null
            || !name.StartsWith(NamePrefix, StringComparison.Ordinal)
            || !int.TryParse(name.AsSpan(NamePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds is < NexmoSettings.MinConnectTimeout or > NexmoSettings.MaxConnectTimeout)
        {
            return;
        }

        // The sender bounds every request with its own `timeout`, which may exceed HttpClient's 100 s default.
        options.HttpClientActions.Add(client => client.Timeout = Timeout.InfiniteTimeSpan);

        // Since .NET 9 the factory's default primary handler is a SocketsHttpHandler; a host that swapped it for an
        // HttpClientHandler loses the connect timeout, but the total `timeout` still bounds every send.
        options.HttpMessageHandlerBuilderActions.Add(builder =>
        {
            // In place, never a new handler: whatever the host set on the primary handler (the trust store's
            // certificate validation, for one) must stay.
            if (builder.PrimaryHandler is SocketsHttpHandler sockets)
            {
                sockets.ConnectTimeout = TimeSpan.FromSeconds(seconds);
            }

            // Added last, so it sits next to the primary handler: a retry repeats the transport only.
            builder.AdditionalHandlers.Add(new ResilienceHandler(builder.Services.GetRequiredService<NexmoResilience>().Pipeline));
        });
    }
}
