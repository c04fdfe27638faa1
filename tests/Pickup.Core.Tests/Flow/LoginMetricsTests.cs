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
    public async Task PostAsync_TwoStepLoginCompleted_CountsStartAndCompletionByServiceProviderAndTimesEachStep()
    {
        using var started = new MetricCollector<long>(_harness.Meters, LoginFlow.MeterName, "pickup.login.started");
        using var duration = new MetricCollector<double>(_harness.Meters, LoginFlow.MeterName, "pickup.login.step.duration");
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));
        key = FlowHarness.KeyOf(await _harness.PostAsync(key, ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword)));

        await _harness.PostAsync(key, ("code", CodeAuthenticatorFactory.Code));

        Assert.Equal(1, started.Sum(LoginMetrics.ServiceProviderLabel, FlowConfiguration.TwoStep));
        Assert.Equal(1, _completed.Sum(LoginMetrics.ServiceProviderLabel, FlowConfiguration.TwoStep));
        var steps = duration.GetMeasurementSnapshot();
        Assert.Contains(steps, m => Equals(m.Tags[LoginMetrics.StepLabel], "1") && Equals(m.Tags[LoginMetrics.AuthenticatorLabel], "password"));
        Assert.Contains(steps, m => Equals(m.Tags[LoginMetrics.StepLabel], "2") && Equals(m.Tags[LoginMetrics.AuthenticatorLabel], "code"));
        Assert.All(steps, m => Assert.True(m.Value >= 0));
    }

    [Fact]
    public async Task PostAsync_WrongPassword_CountsARejectedStepWithItsFailureKeyAndNoUserName()
    {
        using var rejected = new MetricCollector<long>(_harness.Meters, LoginFlow.MeterName, "pickup.login.step.rejected");
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));

        await _harness.PostAsync(key, ("username", "alex"), ("password", "wrong"));

        var rejection = Assert.Single(rejected.GetMeasurementSnapshot());
        Assert.Equal(FlowConfiguration.TwoStep, rejection.Tags[LoginMetrics.ServiceProviderLabel]);
        Assert.Equal("1", rejection.Tags[LoginMetrics.StepLabel]);
        Assert.Equal("password", rejection.Tags[LoginMetrics.AuthenticatorLabel]);
        Assert.Equal("login.fail.message", rejection.Tags[LoginMetrics.ReasonLabel]);
        Assert.DoesNotContain(rejection.Tags.Values, v => Equals(v, "alex") || Equals(v, "wrong"));
    }

    [Fact]
    public async Task PostAsync_StepFails_CountsFailureByServiceProviderStepAndReasonAndEndsTheActiveLogin()
    {
        using var failed = new MetricCollector<long>(_harness.Meters, LoginFlow.MeterName, "pickup.login.failed");
        using var active = new MetricCollector<int>(_harness.Meters, LoginFlow.MeterName, "pickup.login.active");
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.FailOnly));
        active.RecordObservableInstruments();
        Assert.Equal(1, active.LastMeasurement!.Value);

        await _harness.PostAsync(key, ("anything", "1"));

        var failure = Assert.Single(failed.GetMeasurementSnapshot());
        Assert.Equal(FlowConfiguration.FailOnly, failure.Tags[LoginMetrics.ServiceProviderLabel]);
        Assert.Equal("1", failure.Tags[LoginMetrics.StepLabel]);
        Assert.Equal(FailingFactory.FailureKey, failure.Tags[LoginMetrics.ReasonLabel]);
        active.RecordObservableInstruments();
        Assert.Equal(0, active.LastMeasurement!.Value);
    }

    [Fact]
    public async Task Active_LoginNobodyFinishes_LeavesTheGaugeOnceItsLifetimeIsOver()
    {
        using var active = new MetricCollector<int>(_harness.Meters, LoginFlow.MeterName, "pickup.login.active");
        await _harness.StartAsync(FlowConfiguration.TwoStep, "browser-1");
        await _harness.StartAsync(FlowConfiguration.TwoStep, "browser-2");
        active.RecordObservableInstruments();
        Assert.Equal(2, active.LastMeasurement!.Value);

        _harness.Clock.Advance(LoginFlow.AttemptLifetime);
        active.RecordObservableInstruments();

        Assert.Equal(0, active.LastMeasurement!.Value);
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
