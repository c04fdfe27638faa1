using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Pickup.FakeVonage;
using Pickup.Plugins.Nexmo;
using Pickup.Sms.Contracts;
using Pickup.Testing;

namespace Pickup.Plugins.Tests.Nexmo;

/// <summary>The provider's latency and errors as an operator graphs them: bounded labels, never the provider's words.</summary>
public sealed class NexmoMetricsTests : IAsyncLifetime, IDisposable
{
    private static readonly SmsMessage Message = new("94778888888", "Your Pickup code is 482913", "482913");

    private readonly NexmoTestHost _host = new();
    private readonly MetricCollector<double> _duration;
    private readonly MetricCollector<long> _errors;
    private FakeVonageServer _vonage = null!;

    public NexmoMetricsTests()
    {
        _duration = new MetricCollector<double>(_host.Meters, NexmoSmsSender.MeterName, "pickup.nexmo.request.duration");
        _errors = new MetricCollector<long>(_host.Meters, NexmoSmsSender.MeterName, "pickup.nexmo.errors");
    }

    public async Task InitializeAsync() => _vonage = await FakeVonageServer.StartAsync();

    public async Task DisposeAsync() => await _vonage.DisposeAsync();

    public void Dispose()
    {
        _duration.Dispose();
        _errors.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task SendAsync_Accepted_RecordsLatencyAsSentAndNoError()
    {
        var result = await SendAsync();

        Assert.True(result.Succeeded);
        var latency = Assert.Single(_duration.GetMeasurementSnapshot());
        Assert.Equal("sent", latency.Tags["outcome"]);
        Assert.InRange(latency.Value, 0, 30);
        Assert.Empty(_errors.GetMeasurementSnapshot());
    }

    [Theory]
    [InlineData("9", "vonage_9", "misconfigured")]
    [InlineData("1", "vonage_1", "rejected")]
    [InlineData("99", "vonage_other", "rejected")]
    public async Task SendAsync_VonageRefuses_CountsErrorByStatusAndReason(string status, string label, string reason)
    {
        _vonage.RespondWith(FakeVonageBehavior.Reject(status, "provider text 94778888888"));

        await SendAsync();

        var error = Assert.Single(_errors.GetMeasurementSnapshot());
        Assert.Equal(label, error.Tags["status"]);
        Assert.Equal(reason, error.Tags["reason"]);
        Assert.Equal("failed", Assert.Single(_duration.GetMeasurementSnapshot()).Tags["outcome"]);
    }

    [Fact]
    public async Task SendAsync_HttpError_CountsErrorByHttpStatus()
    {
        _vonage.RespondWith(FakeVonageBehavior.HttpError(503));

        await SendAsync();

        var error = Assert.Single(_errors.GetMeasurementSnapshot());
        Assert.Equal("http_503", error.Tags["status"]);
        Assert.Equal("unreachable", error.Tags["reason"]);
    }

    private Task<SmsSendResult> SendAsync() =>
        _host.Sender.SendAsync(Message, TestParameters.From(("sms_url", _vonage.SmsUrl())), CancellationToken.None);
}
