using System.Globalization;
using Microsoft.Extensions.Options;
using Pickup.Core.Auditing;

namespace Pickup.Host.Oidc.BackChannel;

/// <summary>
/// Posts the queued logout tokens (<c>logout_token=…</c>, form-encoded) through <see cref="HttpClientName"/>, whose
/// resilience pipeline retries 5xx answers, failed connections and timeouts a bounded number of times. A delivery that
/// still fails is logged and audited (<see cref="AuditEventTypes.BackChannelLogoutFailed"/>). The token itself is never
/// logged. Once per server (a hosted service).
/// </summary>
internal sealed class BackChannelLogoutSender(
    BackChannelLogout queue,
    LogoutTokenFactory tokens,
    IHttpClientFactory clients,
    IAuditLog audit,
    IOptions<BackChannelLogoutOptions> options,
    ILogger<BackChannelLogoutSender> logger) : BackgroundService
{
    /// <summary>The named <see cref="HttpClient"/> logout tokens are posted with.</summary>
    public const string HttpClientName = "Pickup.BackChannelLogout";

    /// <summary>The tries one delivery took, counted by the pipeline for the failure's audit detail.</summary>
    public static readonly HttpRequestOptionsKey<int> Tries = new("Pickup.BackChannelLogout.Tries");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentDeliveries, CancellationToken = stoppingToken };
        try
        {
            await Parallel.ForEachAsync(queue.Deliveries.ReadAllAsync(stoppingToken), parallel, DeliverAsync);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is lost; those clients' sessions end when they expire.
        }
    }

    private async ValueTask DeliverAsync(LogoutDelivery delivery, CancellationToken ct)
    {
        var failure = await TryDeliverAsync(delivery, ct);
        if (failure is null || ct.IsCancellationRequested)
        {
            return;
        }

        logger.LogWarning("Back-channel logout to {ClientId} failed: {Failure}; that client keeps its session until it expires", delivery.ClientId, failure);
        await audit.WriteAsync(
            new AuditEvent(AuditEventTypes.BackChannelLogoutFailed) { ClientId = delivery.ClientId, Detail = failure },
            CancellationToken.None);
    }

    // Null once delivered; else why not, for the log and the audit trail (never the token).
    private async Task<string?> TryDeliverAsync(LogoutDelivery delivery, CancellationToken ct)
    {
        var where = delivery.Endpoint.GetLeftPart(UriPartial.Path);
        string token;
        try
        {
            token = tokens.Create(delivery.ClientId, delivery.Subject, delivery.SessionId);
        }
        catch (InvalidOperationException ex)
        {
            return $"no logout token could be made: {ex.Message}";
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Endpoint)
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("logout_token", token)]),
        };
        request.Options.Set(Tries, 1);
        try
        {
            using var client = clients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.IsSuccessStatusCode)
            {
                logger.LogInformation("Back-channel logout delivered to {ClientId} ({Endpoint})", delivery.ClientId, where);
                return null;
            }

            return string.Create(CultureInfo.InvariantCulture, $"{where} answered {(int)response.StatusCode} after {TriesOf(request)} tries");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{where} could not be reached ({Describe(ex)}) after {TriesOf(request)} tries");
        }
    }

    private static int TriesOf(HttpRequestMessage request) => request.Options.TryGetValue(Tries, out var tries) ? tries : 1;

    private static string Describe(Exception exception) => exception switch
    {
        HttpRequestException http => http.HttpRequestError.ToString(),
        TimeoutException or OperationCanceledException => "timed out",

        // Polly's TimeoutRejectedException, named rather than typed: OpenIddict also brings Polly 7, whose namespace is the same.
        _ when exception.GetType().Name == "TimeoutRejectedException" => "timed out",
        _ => exception.GetType().Name,
    };
}
