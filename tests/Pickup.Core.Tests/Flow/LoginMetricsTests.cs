using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Pickup.Core.Flow;
using Pickup.Testing;

namespace Pickup.Core.Tests.Flow;

/// <summary>The login counters operators watch (steps passed per factor against codes sent shows SMS pumping).</summary>
public sealed class LoginMetricsTests : IDisposable
{
    private readonly FlowHarness _harness = new();
    private readonly MetricCollector<long> _stepsSucceeded;
    private readonly MetricCollector<long> _completed;

    public LoginMetricsTests()
    {
        // Tests run in parallel, each creating meters of the same name: the harness's factory (the meters' scope)
        // tells this test's apart.
        _stepsSucceeded = new MetricCollector<long>(_harness.Meters, LoginFlow.MeterName, "pickup.login.steps.succeeded");
        _completed = new MetricCollector<long>(_harness.Meters, LoginFlow.MeterName, "pickup.login.completed");
    }

    public void Dispose()
    {
        _stepsSucceeded.Dispose();
        _completed.Dispose();
        _harness.Dispose();
    }

    [Fact]
    public async Task PostAsync_TwoStepLoginCompleted_CountsEachStepByAuthenticatorAndOneLogin()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));
        key = FlowHarness.KeyOf(await _harness.PostAsync(key, ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword)));
        Assert.Equal(0, _completed.Sum());

        await _harness.PostAsync(key, ("code", CodeAuthenticatorFactory.Code));

        Assert.Equal(1, _stepsSucceeded.Sum("authenticator", "password"));
        Assert.Equal(1, _stepsSucceeded.Sum("authenticator", "code"));
        Assert.Equal(1, _completed.Sum());
    }

    [Fact]
    public async Task PostAsync_WrongPasswordAndFailure_CountsNothing()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));
        await _harness.PostAsync(key, ("username", "alex"), ("password", "wrong"));
        var failing = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.FailOnly));
        await _harness.PostAsync(failing, ("anything", "1"));

        Assert.Equal(0, _stepsSucceeded.Sum());
        Assert.Equal(0, _completed.Sum());
    }
}
