using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Pickup.Core.Flow;
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
    private readonly LiveConfiguration _live;
    private readonly Channel<LogoutDelivery> _queue;
    private readonly ILogger<BackChannelLogout> _logger;

    public BackChannelLogout(LiveConfiguration live, IOptions<BackChannelLogoutOptions> options, ILogger<BackChannelLogout> logger)
    {
        _logger = logger;
        _live = live;
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
            // The current configuration's endpoint: a reload that adds or moves one applies to sessions ending after it.
            if (_live.Current.Registry.FindByClientId(clientId)?.Oidc.BackchannelLogoutUri is not { } uri || string.IsNullOrEmpty(subject))
            {
                continue;
            }

            var endpoint = new Uri(uri, UriKind.Absolute);

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
