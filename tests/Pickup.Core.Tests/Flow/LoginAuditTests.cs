using Pickup.Core.Auditing;
using Pickup.Core.Flow;

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

        // The event the code factor declares for its success, with the attempt's user, client and address.
        var verified = Assert.Single(_harness.Audit.Events, e => e.Type == CodeAuthenticatorFactory.VerifiedEvent);
        Assert.Equal(
            (PasswordAuthenticatorFactory.UserIdOf("alex"), "alex", FlowConfiguration.TwoStep, "192.0.2.10"),
            (verified.UserId, verified.Username, verified.ClientId, verified.RemoteAddress));
    }

    [Fact]
    public async Task PostAsync_StepSkipped_NeitherItsSuccessEventNorItsFactorIsRecorded()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));
        key = FlowHarness.KeyOf(await _harness.PostAsync(key, ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword)));

        var outcome = await _harness.PostAsync(key, ("skip", "1"));

        Assert.Equal(FlowOutcomeKind.Completed, outcome.Kind);
        Assert.Equal(["password"], outcome.Attempt!.CompletedAuthenticators);
        Assert.DoesNotContain(_harness.Audit.Events, e => e.Type == CodeAuthenticatorFactory.VerifiedEvent);
        var success = Assert.Single(_harness.Audit.Events, e => e.Type == AuditEventTypes.LoginSucceeded);
        Assert.Equal("password", success.Detail);
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
