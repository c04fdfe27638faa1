using System.Net;
using System.Net.Sockets;
using Pickup.Sms.Contracts;
using Pickup.Testing;

namespace Pickup.Plugins.Tests.Nexmo;

public sealed class NexmoNetworkFailureTests : IDisposable
{
    private static readonly SmsMessage Message = new("94778888888", "Your Pickup code is 482913", "482913");

    private readonly NexmoTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task SendAsync_NothingListening_FailsWithConnectionRefusedInsteadOfThrowing()
    {
        var port = ClosedPort();
        var properties = TestParameters.From(
            ("sms_url", $"http://127.0.0.1:{port}/sms/json?api_key=k&api_secret=secret-x&to=$ctx.num&text=$ctx.msg"),
            ("show_detailed_error_info", true));

        var result = await _host.Sender.SendAsync(Message, properties, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(SmsFailureReason.Unreachable, result.Reason);
        Assert.Contains("ConnectionRefused", result.FailureDetail, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-x", result.FailureDetail, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-x", _host.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ConnectionNeverAccepted_FailsAfterConnectTimeoutNotTotalTimeout()
    {
        // A listener whose accept queue is full: Linux drops further SYNs, so a connect hangs like an unreachable host.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        var fillers = await FillAcceptQueueAsync(endpoint);
        try
        {
            var properties = TestParameters.From(
                ("sms_url", $"http://127.0.0.1:{endpoint.Port}/sms/json?to=$ctx.num&text=$ctx.msg"),
                ("connect_timeout", 1),
                ("timeout", 10),
                ("show_detailed_error_info", true));
            var started = TimeProvider.System.GetTimestamp();

            var result = await _host.Sender.SendAsync(Message, properties, CancellationToken.None);

            var elapsed = TimeProvider.System.GetElapsedTime(started);
            // Each attempt waits the connect timeout (nothing was sent, so retrying is safe): three attempts plus the
            // back-off, well inside the total timeout.
            Assert.False(result.Succeeded);
            Assert.Equal(SmsFailureReason.Timeout, result.Reason);
            Assert.Contains("could not connect", result.FailureDetail, StringComparison.Ordinal);
            Assert.InRange(elapsed, TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(6));
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
        }
    }

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static async Task<List<Socket>> FillAcceptQueueAsync(IPEndPoint endpoint)
    {
        var fillers = new List<Socket>();
        for (var i = 0; i < 4; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            fillers.Add(socket);
            using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                await socket.ConnectAsync(endpoint, attempt.Token);
            }
            catch (OperationCanceledException)
            {
                break; // the queue is full: this is exactly the state the test needs
            }
        }

        return fillers;
    }
}
