using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Pickup.FakeVonage;
using Pickup.Sms.Contracts;
using Pickup.Testing;

namespace Pickup.Plugins.Tests.Nexmo;

/// <summary>Retry only when the request surely never reached the provider: never a second SMS for one send.</summary>
public sealed class NexmoRetryTests : IAsyncLifetime, IDisposable
{
    private static readonly SmsMessage Message = new("94778888888", "Your Pickup code is 482913", "482913");

    private readonly List<IAsyncDisposable> _servers = [];
    private int _connectAttempts;
    private NexmoTestHost _host = null!;

    public Task InitializeAsync()
    {
        // Counts real connection attempts (the connect itself is the runtime's usual one).
        _host = new NexmoTestHost(services => services.ConfigureHttpClientDefaults(builder =>
            builder.ConfigurePrimaryHttpMessageHandler((handler, _) => ((SocketsHttpHandler)handler).ConnectCallback = ConnectAsync)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    public void Dispose() => _host.Dispose();

    private Func<int, Task>? OnRefused { get; set; }

    [Fact]
    public async Task SendAsync_FirstConnectionRefused_RetriesAndDeliversExactlyOnce()
    {
        var port = ClosedPort();
        FakeVonageServer? vonage = null;
        OnRefused = async attempt =>
        {
            // The provider comes up right after the first refusal, as after a restart: the retry must find it.
            if (attempt == 1)
            {
                vonage = await FakeVonageServer.StartAsync(port);
                _servers.Add(vonage);
            }
        };

        var result = await _host.Sender.SendAsync(Message, Properties(port), CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureDetail);
        Assert.Equal(2, _connectAttempts);
        Assert.NotNull(vonage);
        Assert.Single(vonage.Requests);
        Assert.Single(vonage.Messages);
        Assert.Contains("trying again", _host.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ConnectionAlwaysRefused_TriesThreeTimesThenFailsUnreachable()
    {
        var port = ClosedPort();
        var started = TimeProvider.System.GetTimestamp();

        var result = await _host.Sender.SendAsync(Message, Properties(port), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(SmsFailureReason.Unreachable, result.Reason);
        Assert.Equal(3, _connectAttempts);
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.FromMilliseconds(550), TimeSpan.FromSeconds(3));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task SendAsync_Provider5xx_SendsExactlyOneRequest(int status)
    {
        var vonage = await StartVonageAsync();
        vonage.RespondWith(FakeVonageBehavior.HttpError(status));

        var result = await _host.Sender.SendAsync(Message, TestParameters.From(("sms_url", vonage.SmsUrl())), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(SmsFailureReason.Unreachable, result.Reason);
        await Task.Delay(TimeSpan.FromMilliseconds(700)); // longer than every back-off: a retry would have arrived
        Assert.Single(vonage.Requests);
        Assert.Equal(1, _connectAttempts);
    }

    [Fact]
    public async Task SendAsync_ProviderNeverAnswers_TimesOutWithExactlyOneRequest()
    {
        var vonage = await StartVonageAsync();
        vonage.RespondWith(FakeVonageBehavior.Accept().WithDelay(TimeSpan.FromSeconds(4)));
        var started = TimeProvider.System.GetTimestamp();

        var result = await _host.Sender.SendAsync(Message, TestParameters.From(("sms_url", vonage.SmsUrl()), ("timeout", 1)), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(SmsFailureReason.Timeout, result.Reason);
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(2.5));
        await Task.Delay(TimeSpan.FromMilliseconds(700));
        Assert.Single(vonage.Requests);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("GET")]
    public async Task SendAsync_ConnectionDroppedAfterTheRequest_IsNotRetried(string method)
    {
        // A provider that reads the request and hangs up without answering: it may have sent the SMS.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var serving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                Interlocked.Increment(ref accepted);
                var buffer = new byte[4096];
                _ = await client.GetStream().ReadAsync(buffer, stop.Token);
                client.Client.LingerState = new LingerOption(true, 0); // reset, not a graceful close
            }
        });
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var properties = TestParameters.From(
            ("sms_url", $"http://127.0.0.1:{port}/sms/json?api_key=k&api_secret=s&from=NEXMO&to=$ctx.num&text=$ctx.msg"),
            ("http_method", method));

        var result = await _host.Sender.SendAsync(Message, properties, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(SmsFailureReason.Unreachable, result.Reason);
        await Task.Delay(TimeSpan.FromMilliseconds(700));

        // Neither the pipeline nor SocketsHttpHandler's own silent re-send may repeat it.
        Assert.Equal(1, Volatile.Read(ref accepted));
        Assert.Equal(1, _connectAttempts);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => serving);
    }

    private static Pickup.Abstractions.Configuration.PluginParameters Properties(int port) =>
        TestParameters.From(("sms_url", $"http://127.0.0.1:{port}/sms/json?api_key=k&api_secret=s&from=NEXMO&to=$ctx.num&text=$ctx.msg"), ("timeout", 5));

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task<FakeVonageServer> StartVonageAsync()
    {
        var vonage = await FakeVonageServer.StartAsync();
        _servers.Add(vonage);
        return vonage;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _connectAttempts);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException)
        {
            socket.Dispose();
            if (OnRefused is { } onRefused)
            {
                await onRefused(attempt);
            }

            throw;
        }
    }
}
