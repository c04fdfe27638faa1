using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Pickup.Core.Configuration;
using Pickup.Core.Sessions;

namespace Pickup.Host.Oidc.BackChannel;

/// <summary>One logout token to post: to one client, for one session.</summary>
internal sealed record LogoutDelivery(string ClientId, Uri Endpoint, string Subject, string SessionId);

/// <summary>
/// The engine's <see cref="ISessionLogoutNotifier"/>: queues a delivery per client of the ended session that registered
/// a <c>backchannel_logout_uri</c>, for <see cref="BackChannelLogoutSender"/> to post. Once per server; thread-safe;
/// never waits: when the queue is full the delivery is dropped with a warning.
/// </summary>
internal sealed class BackChannelLogout : ISessionLogoutNotifier
{
    private readonly Dictionary<string, Uri> _endpoints;
    private readonly Channel<LogoutDelivery> _queue;
    private readonly ILogger<BackChannelLogout> _logger;

    public BackChannelLogout(PickupConfiguration configuration, IOptions<BackChannelLogoutOptions> options, ILogger<BackChannelLogout> logger)
    {
        _logger = logger;
        _endpoints = configuration.ServiceProviders
            .Where(s => s.Oidc.BackchannelLogoutUri is not null)
            .ToDictionary(s => s.Oidc.ClientId, s => new Uri(s.Oidc.BackchannelLogoutUri!, UriKind.Absolute), StringComparer.Ordinal);
        _queue = Channel.CreateBounded<LogoutDelivery>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: refuse the newest instead of waiting
            SingleReader = true,
        });
    }

    /// <summary>What the sender reads.</summary>
    public ChannelReader<LogoutDelivery> Deliveries => _queue.Reader;

    /// <inheritdoc />
    public void SessionEnded(string sessionId, IReadOnlyDictionary<string, string> clientSubjects)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(clientSubjects);
        foreach (var (clientId, subject) in clientSubjects)
        {
            if (!_endpoints.TryGetValue(clientId, out var endpoint) || string.IsNullOrEmpty(subject))
            {
                continue;
            }

            if (!_queue.Writer.TryWrite(new LogoutDelivery(clientId, endpoint, subject, sessionId)))
            {
                _logger.LogWarning(
                    "Back-channel logout to {ClientId} dropped: {Count} deliveries are already waiting; that client keeps its session until it expires",
                    clientId,
                    _queue.Reader.Count);
            }
        }
    }
}
