using Pickup.Core.Flow;

namespace Pickup.Core.Tests.Flow;

/// <summary>Attempts that end badly: a failing factor, a different user in a later step, and time running out.</summary>
public sealed class LoginFlowFailureTests : IDisposable
{
    private readonly FlowHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task PostAsync_AuthenticatorFails_RedirectsToItsErrorPageWithKey()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.FailOnly));

        var outcome = await _harness.PostAsync(key, ("anything", "1"));

        var query = FlowHarness.AssertPage(outcome, TestAuthenticatorFactory.ErrorTemplate);
        Assert.Equal((key, "true", FailingFactory.FailureKey), (query["sessionDataKey"], query["authFailure"], query["authFailureMsg"]));
    }

    [Fact]
    public async Task PostAsync_FailedAttemptPostedAgain_AnswersWithItsErrorPageWithoutRunningAuthenticator()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.FailOnly));
        var failed = await _harness.PostAsync(key, ("anything", "1"));

        var again = await _harness.PostAsync(key, ("anything", "2"));

        Assert.Equal(failed.Location, again.Location);
        var page = Assert.IsType<TestPageModel>((await _harness.RenderAsync(again.Location!))!.Model);
        Assert.Equal(FailingFactory.FailureKey, page.FailureKey);
        Assert.Null(await _harness.Flow.ConsumeCompletedAsync(key, _harness.Cookie, FlowConfiguration.FailOnly, FlowHarness.Resumed(FlowConfiguration.FailOnly), CancellationToken.None));
    }

    [Fact]
    public async Task PostAsync_LaterStepIdentifiesDifferentUser_FailsWithUserMismatch()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.Mismatch));

        var outcome = await _harness.PostAsync(key, ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword));

        FlowHarness.AssertError(outcome, "user.mismatch");
        Assert.Null(await _harness.Flow.ConsumeCompletedAsync(key, _harness.Cookie, FlowConfiguration.Mismatch, FlowHarness.Resumed(FlowConfiguration.Mismatch), CancellationToken.None));
        Assert.NotEqual(FlowOutcomeKind.Completed, (await _harness.PostAsync(key, ("username", "bob"), ("password", PasswordAuthenticatorFactory.RightPassword))).Kind);
    }

    [Fact]
    public async Task PostAsync_AfterUserMismatch_AnswersWithTheSameErrorPage()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.Mismatch));
        var first = await _harness.PostAsync(key, ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword));

        var again = await _harness.PostAsync(key, ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword));

        Assert.Equal(first.Location, again.Location);
        FlowHarness.AssertError(again, "user.mismatch");
    }

    [Fact]
    public async Task PostAsync_LaterStepIdentifiesSameUser_Completes()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.Mismatch));

        var outcome = await _harness.PostAsync(key, ("username", "bob"), ("password", PasswordAuthenticatorFactory.RightPassword));

        Assert.Equal(FlowOutcomeKind.Completed, outcome.Kind);
        Assert.Equal(IdentifyBobFactory.Bob.UserId, outcome.Attempt!.UserId);
    }

    [Fact]
    public async Task PostAsync_NoPostWithinUntouchedLifetime_RedirectsToSessionExpiredWithoutAuthenticator()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));
        _harness.Clock.Advance(LoginFlow.UntouchedAttemptLifetime);

        var outcome = await _harness.PostAsync(key, ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword));

        FlowHarness.AssertError(outcome, "session.expired");
        Assert.Equal(0, _harness.Password.ProcessCalls);
        Assert.Null(await _harness.RenderAsync($"/{PasswordAuthenticatorFactory.Template}?sessionDataKey={key}"));
    }

    [Fact]
    public async Task PostAsync_JustBeforeUntouchedLifetimeEnds_StillWorks()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));
        _harness.Clock.Advance(LoginFlow.UntouchedAttemptLifetime - TimeSpan.FromSeconds(1));

        var outcome = await _harness.PostAsync(key, ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword));

        FlowHarness.AssertPage(outcome, CodeAuthenticatorFactory.Template);
    }

    [Fact]
    public async Task PostAsync_LifetimeCountsFromStartNotFromLastStep_ExpiresAfterNewKey()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));
        _harness.Clock.Advance(TimeSpan.FromMinutes(4));
        var next = FlowHarness.KeyOf(await _harness.PostAsync(key, ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword)));
        _harness.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.NotNull(await _harness.RenderAsync($"/{CodeAuthenticatorFactory.Template}?sessionDataKey={next}"));
        _harness.Clock.Advance(TimeSpan.FromMinutes(2));

        FlowHarness.AssertError(await _harness.PostAsync(next, ("code", CodeAuthenticatorFactory.Code)), "session.expired");
    }

    [Fact]
    public async Task ConsumeCompletedAsync_CompletedAttemptExpired_ReturnsNull()
    {
        var outcome = await _harness.StartAsync(FlowConfiguration.IdentifyOnly);
        _harness.Clock.Advance(LoginFlow.AttemptLifetime + TimeSpan.FromSeconds(1));

        Assert.Null(await _harness.Flow.ConsumeCompletedAsync(outcome.Attempt!.SessionDataKey, _harness.Cookie, FlowConfiguration.IdentifyOnly, FlowHarness.Resumed(FlowConfiguration.IdentifyOnly), CancellationToken.None));
    }
}
