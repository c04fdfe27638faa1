using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pickup.FakeVonage;

/// <summary>
/// A stand-in for Vonage's SMS API (<c>https://rest.nexmo.com/sms/json</c>): a real Kestrel server on
/// <c>http://127.0.0.1:&lt;free port&gt;</c> (or https with a given certificate) answering GET and POST
/// <c>/sms/json</c> the way Vonage does.
/// </summary>
/// <remarks>
/// Parameters (<c>api_key</c>, <c>api_secret</c>, <c>to</c>, <c>from</c>, <c>text</c>) are read from the query and
/// from a form or JSON body, body values winning. Every request is kept in <see cref="Requests"/>; only messages
/// answered with status "0" (delivered, as a phone would see them) are kept in <see cref="Messages"/>.
/// </remarks>
public sealed partial class FakeVonageServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<ReceivedSms> _requests = [];
    private readonly List<ReceivedSms> _messages = [];
    private FakeVonageBehavior _behavior = FakeVonageBehavior.Accept();
    private TaskCompletionSource _delivered = NewSignal();

    private FakeVonageServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The server's base address, with a trailing slash (<c>http://127.0.0.1:PORT/</c>).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request received, whatever the answer (a snapshot).</summary>
    public IReadOnlyList<ReceivedSms> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Messages accepted with status "0", in arrival order (a snapshot).</summary>
    public IReadOnlyList<ReceivedSms> Messages
    {
        get
        {
            lock (_gate)
            {
                return _messages.ToArray();
            }
        }
    }

    /// <summary>Starts a server on 127.0.0.1.</summary>
    /// <param name="port">The port; 0 (default) picks a free one.</param>
    /// <param name="certificate">When given (with its private key), the server speaks only HTTPS with it.</param>
    public static async Task<FakeVonageServer> StartAsync(int port = 0, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();

        // An explicit endpoint wins over ASPNETCORE_URLS or any other URL setting of the environment.
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var server = new FakeVonageServer(app);
        app.MapMethods("/sms/json", [HttpMethods.Get, HttpMethods.Post], server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>An <c>sms_url</c> in the reference's form, pointing at this server.</summary>
    public string SmsUrl(string apiKey = "key", string apiSecret = "secret") =>
        $"{BaseUrl}sms/json?api_key={Uri.EscapeDataString(apiKey)}&api_secret={Uri.EscapeDataString(apiSecret)}&from=NEXMO&to=$ctx.num&text=$ctx.msg";

    /// <summary>Sets how the following requests are answered.</summary>
    public void RespondWith(FakeVonageBehavior behavior)
    {
        ArgumentNullException.ThrowIfNull(behavior);
        Volatile.Write(ref _behavior, behavior);
    }

    /// <summary>Waits for a delivered message to <paramref name="to"/>; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<ReceivedSms> WaitForMessageAsync(string to, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                // Taken under the lock with the check, so a message arriving right after cannot be missed.
                signal = _delivered.Task;
                var found = _messages.LastOrDefault(m => m.To == to);
                if (found is not null)
                {
                    return found;
                }
            }

            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"no SMS to {to} within {timeout}");
            }

            try
            {
                await signal.WaitAsync(remaining);
            }
            catch (TimeoutException)
            {
                // One last look at the list above, then the deadline check throws.
            }
        }
    }

    /// <summary>The 6-digit code (a word of its own) in the latest delivered message to <paramref name="to"/>.</summary>
    public string LatestCode(string to)
    {
        var message = Messages.LastOrDefault(m => m.To == to)
            ?? throw new InvalidOperationException($"no SMS was delivered to {to}");
        var match = SixDigitWord().Match(message.Text);
        return match.Success
            ? match.Value
            : throw new InvalidOperationException($"the latest SMS to {to} has no 6-digit code");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task HandleAsync(HttpContext context)
    {
        var behavior = Volatile.Read(ref _behavior);
        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        var parameters = await VonageRequestReader.ReadParametersAsync(context.Request, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(
            h => h.Key,
            h => string.Join(", ", h.Value.ToArray()),
            StringComparer.OrdinalIgnoreCase);
        var received = new ReceivedSms(
            parameters.GetValueOrDefault("to", string.Empty),
            parameters.GetValueOrDefault("from", string.Empty),
            parameters.GetValueOrDefault("text", string.Empty),
            context.Request.Method,
            headers)
        {
            Body = body,
        };
        lock (_gate)
        {
            _requests.Add(received);
        }

        if (behavior.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(behavior.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the client gave up; nothing was delivered
            }
        }

        if (behavior.RawBody is not null)
        {
            context.Response.ContentType = behavior.RawContentType;
            await context.Response.WriteAsync(behavior.RawBody, context.RequestAborted);
            return;
        }

        if (behavior.HttpStatusCode is < 200 or > 299)
        {
            context.Response.StatusCode = behavior.HttpStatusCode;
            await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error-title"] = "Fake HTTP error" }, context.RequestAborted);
            return;
        }

        var (status, errorText) = Decide(behavior, parameters);
        if (status == "0")
        {
            Deliver(received);
        }

        context.Response.StatusCode = behavior.HttpStatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(VonageAnswer(received.To, status, errorText), context.RequestAborted);
    }

    // Vonage's own order: missing parameters first, then credentials, then the configured outcome.
    private static (string Status, string? ErrorText) Decide(FakeVonageBehavior behavior, Dictionary<string, string> parameters)
    {
        foreach (var name in (string[])["api_key", "api_secret", "to", "from", "text"])
        {
            if (string.IsNullOrEmpty(parameters.GetValueOrDefault(name)))
            {
                return ("2", $"Missing {name}");
            }
        }

        if (behavior.ExpectedCredentials is { } expected
            && (parameters["api_key"] != expected.ApiKey || parameters["api_secret"] != expected.ApiSecret))
        {
            return ("4", "Bad Credentials");
        }

        return (behavior.Status, behavior.ErrorText);
    }

    private void Deliver(ReceivedSms message)
    {
        lock (_gate)
        {
            _messages.Add(message);
            _delivered.TrySetResult();
            _delivered = NewSignal();
        }
    }

    // Kept as text for tests of bodies Vonage itself would not parse (XML, for one); rewound for the parameter reader.
    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var text = await reader.ReadToEndAsync(cancellationToken);
        request.Body.Position = 0;
        return text;
    }

    private static string VonageAnswer(string to, string status, string? errorText)
    {
        var message = status == "0"
            ? new Dictionary<string, string>
            {
                ["to"] = to,
                ["message-id"] = Guid.NewGuid().ToString("N"),
                ["status"] = "0",
                ["remaining-balance"] = "10.00000000",
                ["message-price"] = "0.03330000",
                ["network"] = "41302",
            }
            : new Dictionary<string, string> { ["status"] = status, ["error-text"] = errorText ?? string.Empty };
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["message-count"] = "1", ["messages"] = new[] { message } });
    }

    [GeneratedRegex(@"(?<![0-9A-Za-z])[0-9]{6}(?![0-9A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex SixDigitWord();
}
