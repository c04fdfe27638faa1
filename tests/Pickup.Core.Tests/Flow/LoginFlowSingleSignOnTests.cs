using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Pickup.Core.Auditing;
using Pickup.Core.Flow;
using Pickup.Testing;

namespace Pickup.Core.Tests.Flow;

/// <summary>A login attempt started in a browser with a single sign-on session: the steps the session proved are skipped.</summary>
public sealed class LoginFlowSingleSignOnTests : IDisposable
{
    private static readonly string Alex = PasswordAuthenticatorFactory.UserIdOf("alex");

    private readonly FlowHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static SsoGrant Session(params string[] proven) => new("sid-1", Alex, "alex", proven.ToHashSet(StringComparer.Ordinal));

    [Fact]
    public async Task Start_SessionProvedEveryStep_CompletesAtOnceForTheSessionUserWithoutClaimingTheFactors()
    {
        using var steps = new MetricCollector<long>(_harness.Meters, LoginFlow.MeterName, "pickup.login.steps.succeeded");
        using var logins = new MetricCollector<long>(_harness.Meters, LoginFlow.MeterName, "pickup.login.completed");

        var outcome = await _harness.StartWithSessionAsync(FlowConfiguration.TwoStep, Session("password", "code"));

        Assert.Equal(FlowOutcomeKind.Completed, outcome.Kind);
        var attempt = outcome.Attempt!;
        Assert.Equal((Alex, Alex), (attempt.UserId, attempt.SubjectUserId));
        Assert.Equal("sid-1", attempt.SsoSessionId);
        Assert.Equal(["password", "code"], attempt.ReusedAuthenticators);
        Assert.Empty(attempt.CompletedAuthenticators);
        Assert.DoesNotContain(_harness.Audit.Events, e => e.Type == AuditEventTypes.LoginSucceeded);
        Assert.Equal(0, steps.Sum());
        Assert.Equal(0, logins.Sum());
    }

    [Fact]
    public async Task Start_SessionProvedFirstStepOnly_RunsOnlyTheSecondStepForTheSessionUser()
    {
        var start = await _harness.StartWithSessionAsync(FlowConfiguration.TwoStep, Session("password"));

        var query = FlowHarness.AssertPage(start, CodeAuthenticatorFactory.Template);
        var page = Assert.IsType<TestPageModel>((await _harness.RenderAsync(start.Location!))!.Model);
        Assert.Equal(Alex, page.UserId);

        var done = await _harness.PostAsync(query["sessionDataKey"], ("code", CodeAuthenticatorFactory.Code));

        Assert.Equal(FlowOutcomeKind.Completed, done.Kind);
        Assert.Equal(["code"], done.Attempt!.CompletedAuthenticators);
        Assert.Equal(["password"], done.Attempt.ReusedAuthenticators);
        var succeeded = Assert.Single(_harness.Audit.Events, e => e.Type == AuditEventTypes.LoginSucceeded);
        Assert.Equal("code (single sign-on: password)", succeeded.Detail);
    }

    [Fact]
    public async Task Start_SessionProvedAnotherFactor_RunsEveryStep()
    {
        var start = await _harness.StartWithSessionAsync(FlowConfiguration.TwoStep, Session("ident"));

        FlowHarness.AssertPage(start, PasswordAuthenticatorFactory.Template);
    }

    [Fact]
    public async Task Start_LaterStepIdentifiesAnotherUser_FailsRatherThanSigningEitherIn()
    {
        // The session is alex's; the remaining step names bob at once: neither may be signed in by it.
        var outcome = await _harness.StartWithSessionAsync(FlowConfiguration.Mismatch, Session("password"));

        FlowHarness.AssertError(outcome, "user.mismatch");
    }

    [Fact]
    public void CoversEveryStep_OnlyWhenEachStepHasAProvenOption()
    {
        var twoStep = _harness.Registry.FindByName(FlowConfiguration.TwoStep)!;

        Assert.False(_harness.Flow.CoversEveryStep(twoStep, new HashSet<string> { "password" }));
        Assert.True(_harness.Flow.CoversEveryStep(twoStep, new HashSet<string> { "password", "code" }));
        Assert.False(_harness.Flow.CoversEveryStep(twoStep, new HashSet<string>()));
    }
}
