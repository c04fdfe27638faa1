using System.Net.Sockets;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Pickup.Plugins.Nexmo;

/// <summary>
/// The resilience pipeline every <c>nexmo</c> request goes through: a total timeout (the identity provider's
/// <c>timeout</c>) around at most two retries, taken only when the request surely never reached the provider.
/// Once per server.
/// </summary>
/// <remarks>
/// A retry after a byte may have been sent could send the driver a second SMS (and a second code), so 5xx answers,
/// response timeouts and connections dropped mid-request are never retried.
/// </remarks>
internal sealed class NexmoResilience
{
    /// <summary>Retries after the first attempt.</summary>
    public const int MaxRetries = 2;

    /// <summary>The wait before the first retry; doubled before the second.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>The request option carrying the send's total time budget.</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> TotalTimeout = new("Pickup.Plugins.Nexmo.TotalTimeout");

    // Used only when a request arrives without a budget, which the sender never does.
    private static readonly TimeSpan DefaultTotalTimeout = TimeSpan.FromSeconds(10);

    private readonly ILogger<NexmoResilience> _logger;

    /// <summary>Builds the pipeline (the container does this once per server).</summary>
    public NexmoResilience(ILogger<NexmoResilience> logger, TimeProvider? timeProvider = null)
    {
        _logger = logger;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider ?? TimeProvider.System };

        // Outermost, so the retries and their back-off share the one budget a driver waits for.
        builder.AddTimeout(new HttpTimeoutStrategyOptions
        {
            TimeoutGenerator = args => ValueTask.FromResult(BudgetOf(args.Context)),
        });
        builder.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = MaxRetries,
            Delay = FirstRetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = false,
            ShouldRetryAfterHeader = false,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && SurelyNotSent(ex)),
            OnRetry = args =>
            {
                var uri = args.Context.GetRequestMessage()?.RequestUri;
                _logger.LogInformation(
                    "Could not connect to {Endpoint} ({Error}); trying again in {Delay} ms (retry {Retry} of {MaxRetries}); nothing was sent",
                    uri is null ? "nexmo" : uri.Host + uri.AbsolutePath, // never the query: it carries api_secret
                    Describe(args.Outcome.Exception),
                    (int)args.RetryDelay.TotalMilliseconds,
                    args.AttemptNumber + 1,
                    MaxRetries);
                return ValueTask.CompletedTask;
            },
        });
        Pipeline = builder.Build();
    }

    /// <summary>The pipeline, shared by every <c>nexmo</c> client.</summary>
    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; }

    /// <summary>
    /// True only for failures that happen before a connection exists: refused, host or network unreachable, name
    /// not resolved, or the connect timeout. Anything later (TLS, a reset, a missing answer) may follow a request
    /// the provider already acted on.
    /// </summary>
    public static bool SurelyNotSent(Exception exception) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => true,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError, InnerException: SocketException socket } =>
            socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable
                or SocketError.HostNotFound or SocketError.TryAgain or SocketError.AddressNotAvailable,

        // SocketsHttpHandler's ConnectTimeout; HttpClient's own Timeout (also a TimeoutException) fires outside the
        // handler chain, so it never reaches this pipeline.
        OperationCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };

    private static TimeSpan BudgetOf(ResilienceContext context) =>
        context.GetRequestMessage() is { } request && request.Options.TryGetValue(TotalTimeout, out var budget) && budget > TimeSpan.Zero
            ? budget
            : DefaultTotalTimeout;

    private static string Describe(Exception? exception) => exception switch
    {
        HttpRequestException { InnerException: SocketException socket } http => $"{http.HttpRequestError}, {socket.SocketErrorCode}",
        HttpRequestException http => http.HttpRequestError.ToString(),
        OperationCanceledException => "connect timeout",
        _ => exception?.GetType().Name ?? "unknown",
    };
}
