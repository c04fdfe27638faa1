using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pickup.IntegrationTests.Infrastructure;

/// <summary>
/// A client's back-channel logout endpoint for the engine's side of the tests: Kestrel on 127.0.0.1 answering
/// <c>POST /backchannel-logout</c> with the statuses it is told, in order (200 once they are used up), or never.
/// </summary>
internal sealed class LogoutReceiver : IAsyncDisposable
{
    /// <summary>An answer that never comes: the request waits until the client gives up.</summary>
    public const int Hang = -1;

    private readonly WebApplication _app;
    private readonly Channel<string?> _received = Channel.CreateUnbounded<string?>();
    private readonly Queue<int> _answers = new();
    private readonly Lock _gate = new();
    private int _requests;

    private LogoutReceiver(WebApplication app)
    {
        _app = app;
        _app.MapPost("/backchannel-logout", ReceiveAsync);
    }

    /// <summary>The URL to register as <c>backchannel_logout_uri</c>.</summary>
    public string Url { get; private set; } = null!;

    /// <summary>Requests received so far, whatever the answer.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<LogoutReceiver> StartAsync(params int[] answers)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var receiver = new LogoutReceiver(builder.Build());
        foreach (var answer in answers)
        {
            receiver._answers.Enqueue(answer);
        }

        await receiver._app.StartAsync();
        receiver.Url = receiver._app.Urls.Single().TrimEnd('/') + "/backchannel-logout";
        return receiver;
    }

    /// <summary>The <c>logout_token</c> of the next request received (null when it had none); fails after <paramref name="timeout"/>.</summary>
    public async Task<string?> NextTokenAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await _received.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no back-channel logout request within {timeout.TotalSeconds} s ({Requests} so far)");
        }
    }

    /// <summary>True when a request arrives within <paramref name="wait"/>.</summary>
    public async Task<bool> ReceivesWithinAsync(TimeSpan wait)
    {
        using var cancel = new CancellationTokenSource(wait);
        try
        {
            await _received.Reader.WaitToReadAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task ReceiveAsync(HttpContext http)
    {
        Interlocked.Increment(ref _requests);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        await _received.Writer.WriteAsync(form.TryGetValue("logout_token", out var token) ? token.ToString() : null);
        int answer;
        lock (_gate)
        {
            answer = _answers.Count > 0 ? _answers.Dequeue() : StatusCodes.Status200OK;
        }

        if (answer == Hang)
        {
            await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        http.Response.StatusCode = answer;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
