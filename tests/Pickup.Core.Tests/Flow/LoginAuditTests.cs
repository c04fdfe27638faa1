using Pickup.Core.Auditing;

namespace Pickup.Core.Tests.Flow;

/// <summary>What the step sequencer leaves in the audit trail.</summary>
public sealed class LoginAuditTests : IDisposable
{
    private readonly FlowHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task PostAsync_LoginCompleted_AuditsOneSuccessWithUserClientAndFactors()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));
        key = FlowHarness.KeyOf(await _harness.PostAsync(key, ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword)));

        await _harness.PostAsync(key, ("code", CodeAuthenticatorFactory.Code));

        var success = Assert.Single(_harness.Audit.Events, e => e.Type == AuditEventTypes.LoginSucceeded);
        Assert.Equal(
            (PasswordAuthenticatorFactory.UserIdOf("alex"), "alex", FlowConfiguration.TwoStep, "192.0.2.10", "password+code"),
            (success.UserId, success.Username, success.ClientId, success.RemoteAddress, success.Detail));
    }

    [Fact]
    public async Task PostAsync_AuthenticatorFails_AuditsFailureWithKeyAndStep()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.FailOnly));

        await _harness.PostAsync(key, ("anything", "1"));

        var failure = Assert.Single(_harness.Audit.Events);
        Assert.Equal(AuditEventTypes.LoginFailed, failure.Type);
        Assert.Contains(FailingFactory.FailureKey, failure.Detail, StringComparison.Ordinal);
        Assert.Contains("step 1", failure.Detail, StringComparison.Ordinal);
    }
}
