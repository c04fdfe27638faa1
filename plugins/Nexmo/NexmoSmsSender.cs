using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Pickup.Abstractions.Configuration;
using Pickup.Sms.Contracts;
using Polly.Timeout;

namespace Pickup.Plugins.Nexmo;

/// <summary>
/// The <c>nexmo</c> SMS provider: sends each message to the identity provider's <c>sms_url</c> and reads Vonage's
/// JSON answer. Once per server; called concurrently.
/// </summary>
/// <remarks>
/// Logs host and path only: the URL's query carries api_secret, and neither the message nor the code is ever
/// logged or returned.
/// </remarks>
public sealed class NexmoSmsSender : ISmsSender
{
    // Vonage's answer is a few hundred bytes; anything far larger is not Vonage.
    private const int MaxResponseBytes = 64 * 1024;

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ILogger<NexmoSmsSender> _logger;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _errors;

    // Settings are parsed once per identity provider; the table object lives as long as the configuration.
    private readonly ConditionalWeakTable<PluginParameters, ParsedSettings> _settings = [];

    /// <summary>Creates the sender (the container does this once per server).</summary>
    public NexmoSmsSender(IHttpClientFactory httpClientFactory, ILogger<NexmoSmsSender> logger, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _httpClientFactory = httpClientFactory;
        _logger = logger;
        var meter = meters.Create(MeterName);
        _duration = meter.CreateHistogram<double>(
            "pickup.nexmo.request.duration",
            unit: "s",
            description: "How long one send through the provider took, retries included, by outcome (sent or failed).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30] });
        _errors = meter.CreateCounter<long>(
            "pickup.nexmo.errors",
            description: "Sends the provider refused or that failed on the way, by status (http_503, vonage_9, timeout, unreachable...) and reason.");
    }

    /// <summary>The meter of the provider's metrics.</summary>
    public const string MeterName = "Pickup.Nexmo";

    /// <inheritdoc />
    public string Provider => "nexmo";

    /// <inheritdoc />
    public IReadOnlyCollection<string> Keys => NexmoKeys.All;

    /// <inheritdoc />
    public void Validate(PluginParameters properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        NexmoSettings.Read(properties);
    }

    /// <inheritdoc />
    public async Task<SmsSendResult> SendAsync(SmsMessage message, PluginParameters properties, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(properties);
        var began = Stopwatch.GetTimestamp();
        var result = await SendTimedAsync(message, properties, cancellationToken);
        _duration.Record(Stopwatch.GetElapsedTime(began).TotalSeconds, new KeyValuePair<string, object?>("outcome", result.Succeeded ? "sent" : "failed"));
        return result;
    }

    private async Task<SmsSendResult> SendTimedAsync(SmsMessage message, PluginParameters properties, CancellationToken cancellationToken)
    {
        var settings = _settings.GetValue(properties, static p => new ParsedSettings(NexmoSettings.TryReadDetached(p))).Value;
        if (settings is null)
        {
            return Fail(null, new NexmoFailure(
                SmsFailureReason.Misconfigured,
                "the identity provider's SMS settings are invalid",
                "run 'pickup config check'"));
        }

        var redactor = SecretRedactor.For(settings, message);
        var budget = TimeSpan.FromSeconds(settings.TimeoutSeconds);

        // The resilience pipeline bounds the exchange (retries included) by the same budget; this token also bounds
        // reading the answer, which happens after the pipeline has returned.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(budget);
        try
        {
            using var request = SmsRequestFactory.Create(settings, message);
            request.Options.Set(NexmoResilience.TotalTimeout, budget);
            var client = _httpClientFactory.CreateClient(NexmoHttpClients.ClientName(settings.ConnectTimeoutSeconds));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!IsAcceptedStatus(response.StatusCode, settings.ResponseCode))
            {
                return Fail(settings, HttpStatusFailure(response, settings));
            }

            var body = await ReadBoundedAsync(response.Content, timeout.Token);
            var failure = body is null
                ? new NexmoFailure(SmsFailureReason.Misconfigured, "the answer is larger than a Vonage answer can be", "check that sms_url points at Vonage's SMS API")
                : VonageResponse.FindFailure(body, redactor.Redact);
            if (failure is not null)
            {
                return Fail(settings, failure with { Detail = $"{failure.Detail} from {settings.Endpoint}" });
            }

            _logger.LogInformation("SMS accepted by {Endpoint}", settings.Endpoint);
            return SmsSendResult.Sent;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // the caller gave up; that is theirs to handle, not a provider failure
        }
        catch (TimeoutRejectedException)
        {
            return Fail(settings, NoAnswer(settings));
        }
        catch (OperationCanceledException ex)
        {
            // SocketsHttpHandler reports its ConnectTimeout as a cancellation wrapping a TimeoutException.
            return Fail(settings, timeout.IsCancellationRequested
                ? NoAnswer(settings)
                : ex.InnerException is TimeoutException
                    ? new NexmoFailure(
                        SmsFailureReason.Timeout,
                        $"could not connect to {settings.Endpoint} within {settings.ConnectTimeoutSeconds} s (tried {NexmoResilience.MaxRetries + 1} times)",
                        "check the network path to the provider, or raise connect_timeout")
                    : new NexmoFailure(SmsFailureReason.Unreachable, $"the request to {settings.Endpoint} was cancelled"));
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            return Fail(settings, new NexmoFailure(
                SmsFailureReason.Untrusted,
                $"the TLS connection to {settings.Endpoint} failed: its certificate is not trusted (or TLS could not be negotiated)",
                "the engine's log names the certificate; after checking it, import it with 'pickup truststore import'"));
        }
        catch (HttpRequestException ex)
        {
            return Fail(settings, new NexmoFailure(
                SmsFailureReason.Unreachable,
                $"could not reach {settings.Endpoint}: {Describe(ex)}" + (NexmoResilience.SurelyNotSent(ex) ? $" (tried {NexmoResilience.MaxRetries + 1} times)" : string.Empty),
                "check that the provider's host name resolves and that the engine may connect to it"));
        }
#pragma warning disable CA1031 // The contract: provider and network failures are results, never exceptions.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // Only the type: a message from a handler further down could quote the request URL.
            return Fail(settings, new NexmoFailure(SmsFailureReason.Unreachable, $"sending to {settings.Endpoint} failed: {ex.GetType().Name}"));
        }
    }

    private static bool IsAcceptedStatus(HttpStatusCode status, int expected) =>
        expected == 0 ? (int)status is >= 200 and <= 299 : (int)status == expected;

    private static NexmoFailure NoAnswer(NexmoSettings settings) => new(
        SmsFailureReason.Timeout,
        $"no answer from {settings.Endpoint} within {settings.TimeoutSeconds} s",
        "the request may have reached the provider, so it was not repeated; raise timeout if the provider is slow");

    // Not retried: the provider has seen the request and may have sent the SMS.
    private static NexmoFailure HttpStatusFailure(HttpResponseMessage response, NexmoSettings settings)
    {
        var status = (int)response.StatusCode;
        var detail = $"HTTP {status} ({response.ReasonPhrase}) from {settings.Endpoint}";
        var failure = status switch
        {
            >= 500 => new NexmoFailure(SmsFailureReason.Unreachable, detail, "the provider is failing; it was not asked again, so no second SMS went out"),
            429 => new NexmoFailure(SmsFailureReason.Rejected, detail, "the provider is limiting the engine's rate; lower the SMS limits or raise the account's"),
            401 or 403 => new NexmoFailure(SmsFailureReason.Misconfigured, detail, "the provider refused the credentials in sms_url or http_headers"),
            _ => new NexmoFailure(SmsFailureReason.Misconfigured, detail, "check sms_url, http_method, http_payload and http_response_code"),
        };
        return failure with { Status = status is >= 100 and <= 599 ? $"http_{status}" : "http_other" };
    }

    // The exception's message is not used: its wording is the runtime's to change and could grow to quote the URL.
    private static string Describe(HttpRequestException ex) =>
        ex.InnerException is SocketException socket
            ? $"{ex.HttpRequestError} ({socket.SocketErrorCode})"
            : ex.HttpRequestError.ToString();

    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxResponseBytes)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    // The log always gets the whole (masked) story; the result carries it only when the admin asked for it.
    private SmsSendResult Fail(NexmoSettings? settings, NexmoFailure failure)
    {
        var reason = failure.Reason.Label();
        _errors.Add(1, new KeyValuePair<string, object?>("status", failure.Status ?? reason), new KeyValuePair<string, object?>("reason", reason));
        _logger.LogWarning(
            "SMS send through {Endpoint} failed ({Reason}): {Detail}",
            settings?.Endpoint ?? "nexmo",
            failure.Reason,
            failure.LogText);
        return SmsSendResult.Failed(settings?.ShowDetailedErrorInfo == true ? failure.Detail : failure.Category, failure.Reason);
    }

    private sealed record ParsedSettings(NexmoSettings? Value);
}
