using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Sms;

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

    // Settings are parsed once per identity provider; the table object lives as long as the configuration.
    private readonly ConditionalWeakTable<PluginParameters, ParsedSettings> _settings = [];

    /// <summary>Creates the sender (the container does this once per server).</summary>
    public NexmoSmsSender(IHttpClientFactory httpClientFactory, ILogger<NexmoSmsSender> logger)
    {
        _httpClientFactory = httpClientFactory;
        _logger = logger;
    }

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

        var settings = _settings.GetValue(properties, static p => new ParsedSettings(NexmoSettings.TryReadDetached(p))).Value;
        if (settings is null)
        {
            return Fail(null, "the identity provider's SMS settings are invalid; run 'pickup config check'");
        }

        var redactor = SecretRedactor.For(settings, message);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            using var request = SmsRequestFactory.Create(settings, message);
            var client = _httpClientFactory.CreateClient(NexmoHttpClients.ClientName(settings.ConnectTimeoutSeconds));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!IsAcceptedStatus(response.StatusCode, settings.ResponseCode))
            {
                return Fail(settings, $"HTTP {(int)response.StatusCode} ({response.ReasonPhrase}) from {settings.Endpoint}");
            }

            var body = await ReadBoundedAsync(response.Content, timeout.Token);
            var failure = body is null
                ? "the answer is larger than a Vonage answer can be"
                : VonageResponse.FindFailure(body, redactor.Redact);
            if (failure is not null)
            {
                return Fail(settings, $"{failure} from {settings.Endpoint}");
            }

            _logger.LogInformation("SMS accepted by {Endpoint}", settings.Endpoint);
            return SmsSendResult.Sent;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // the caller gave up; that is theirs to handle, not a provider failure
        }
        catch (OperationCanceledException ex)
        {
            // SocketsHttpHandler reports its ConnectTimeout as a cancellation wrapping a TimeoutException.
            return Fail(settings, timeout.IsCancellationRequested
                ? $"no answer from {settings.Endpoint} within {settings.TimeoutSeconds} s"
                : ex.InnerException is TimeoutException
                    ? $"could not connect to {settings.Endpoint} within {settings.ConnectTimeoutSeconds} s"
                    : $"the request to {settings.Endpoint} was cancelled");
        }
        catch (HttpRequestException ex)
        {
            return Fail(settings, $"could not reach {settings.Endpoint}: {Describe(ex)}");
        }
#pragma warning disable CA1031 // The contract: provider and network failures are results, never exceptions.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // Only the type: a message from a handler further down could quote the request URL.
            return Fail(settings, $"sending to {settings.Endpoint} failed: {ex.GetType().Name}");
        }
    }

    private static bool IsAcceptedStatus(HttpStatusCode status, int expected) =>
        expected == 0 ? (int)status is >= 200 and <= 299 : (int)status == expected;

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

    private SmsSendResult Fail(NexmoSettings? settings, string detail)
    {
        _logger.LogWarning("SMS send through {Endpoint} failed: {Detail}", settings?.Endpoint ?? "nexmo", detail);
        return SmsSendResult.Failed(detail);
    }

    private sealed record ParsedSettings(NexmoSettings? Value);
}
