using Pickup.Core.Flow;

namespace Pickup.Core.Tests.Flow;

/// <summary>The login counters operators watch (steps passed per factor against codes sent shows SMS pumping).</summary>
public sealed class LoginMetricsTests : IDisposable
{
    private readonly FlowHarness _harness = new();
    private readonly MetricRecorder _metrics;

    public LoginMetricsTests()
    {
        _metrics = new MetricRecorder(_harness.Meters, LoginFlow.MeterName);
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _harness.Dispose();
    }

    [Fact]
    public async Task PostAsync_TwoStepLoginCompleted_CountsEachStepByAuthenticatorAndOneLogin()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));
        key = FlowHarness.KeyOf(await _harness.PostAsync(key, ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword)));
        Assert.Equal(0, _metrics.Sum("pickup.login.completed"));

        await _harness.PostAsync(key, ("code", CodeAuthenticatorFactory.Code));

        Assert.Equal(1, _metrics.Sum("pickup.login.steps.succeeded", "authenticator", "password"));
        Assert.Equal(1, _metrics.Sum("pickup.login.steps.succeeded", "authenticator", "code"));
        Assert.Equal(1, _metrics.Sum("pickup.login.completed"));
    }

    [Fact]
    public async Task PostAsync_WrongPasswordAndFailure_CountsNothing()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));
        await _harness.PostAsync(key, ("username", "alex"), ("password", "wrong"));
        var failing = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.FailOnly));
        await _harness.PostAsync(failing, ("anything", "1"));

        Assert.Equal(0, _metrics.Sum("pickup.login.steps.succeeded"));
        Assert.Equal(0, _metrics.Sum("pickup.login.completed"));
    }
}
