using Pickup.Core.Flow;

namespace Pickup.Core.Tests.Flow;

/// <summary>A completed step moves the attempt to a new key; the old key is only a pointer for a late double click.</summary>
public sealed class LoginFlowKeyRotationTests : IDisposable
{
    private readonly FlowHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task PostAsync_StepCompleted_RedirectsWithNewKey()
    {
        var (oldKey, next) = await PassFirstStepAsync();

        var newKey = FlowHarness.KeyOf(next);
        Assert.NotEqual(oldKey, newKey);
        Assert.Equal(43, newKey.Length);
    }

    [Fact]
    public async Task RenderAsync_OldKeyAfterStep_ReturnsNullSoHostShowsSessionExpired()
    {
        var (oldKey, next) = await PassFirstStepAsync();

        Assert.Null(await _harness.RenderAsync($"/{CodeAuthenticatorFactory.Template}?sessionDataKey={oldKey}"));
        Assert.Null(await _harness.RenderAsync($"/{PasswordAuthenticatorFactory.Template}?sessionDataKey={oldKey}"));
        Assert.NotNull(await _harness.RenderAsync(next.Location!));
    }

    [Fact]
    public async Task PostAsync_OldKeyFromSameBrowser_FollowsToNewPageWithoutRunningStepAgain()
    {
        var (oldKey, next) = await PassFirstStepAsync();

        var late = await _harness.PostAsync(oldKey, ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword));

        Assert.Equal(next.Location, late.Location);
        Assert.Equal(1, _harness.Password.ProcessCalls);
        Assert.Equal(1, _harness.Code.InitiateCalls);
    }

    [Fact]
    public async Task PostAsync_OldKey_KeepsOnlyThePointer_ForTwoMinutes()
    {
        var (oldKey, next) = await PassFirstStepAsync();

        var pointer = await _harness.Store.FindAsync(oldKey, CancellationToken.None);
        Assert.NotNull(pointer);
        Assert.Equal(LoginAttemptStatus.Replaced, pointer.Status);
        Assert.Equal(FlowHarness.KeyOf(next), pointer.ReplacedBy);
        Assert.Empty(pointer.AuthorizeParameters);
        Assert.Empty(pointer.State);
        Assert.Empty(pointer.CompletedAuthenticators);
        Assert.Null(pointer.UserId);
        Assert.Null(pointer.Username);
        Assert.True(pointer.ExpiresAt <= _harness.Clock.GetUtcNow() + TimeSpan.FromMinutes(2));

        // The successor keeps everything, and outlives the pointer.
        var successor = await _harness.Store.FindAsync(FlowHarness.KeyOf(next), CancellationToken.None);
        Assert.NotNull(successor);
        Assert.NotEmpty(successor.AuthorizeParameters);
        Assert.NotNull(successor.UserId);

        _harness.Clock.Advance(TimeSpan.FromMinutes(3));
        var late = await _harness.PostAsync(oldKey, ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword));
        FlowHarness.AssertError(late, "session.expired");
        Assert.NotNull(await _harness.RenderAsync(next.Location!));
    }

    [Fact]
    public async Task PostAsync_OldKeyFromAnotherBrowser_RedirectsToSessionExpired()
    {
        var (oldKey, _) = await PassFirstStepAsync();

        var outcome = await _harness.PostAsync(_harness.Flow, oldKey, BrowserBinding.NewValue(), ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword));

        FlowHarness.AssertError(outcome, "session.expired");
    }

    [Fact]
    public async Task ConsumeCompletedAsync_KeyOfAnEarlierStep_ReturnsNull()
    {
        var (oldKey, next) = await PassFirstStepAsync();
        var done = await _harness.PostAsync(FlowHarness.KeyOf(next), ("code", CodeAuthenticatorFactory.Code));
        Assert.Equal(FlowOutcomeKind.Completed, done.Kind);

        Assert.Null(await _harness.Flow.ConsumeCompletedAsync(oldKey, _harness.Cookie, FlowConfiguration.TwoStep, FlowHarness.Resumed(FlowConfiguration.TwoStep), CancellationToken.None));
        Assert.NotNull(await _harness.Flow.ConsumeCompletedAsync(done.Attempt!.SessionDataKey, _harness.Cookie, FlowConfiguration.TwoStep, FlowHarness.Resumed(FlowConfiguration.TwoStep), CancellationToken.None));
    }

    [Fact]
    public async Task PostAsync_RetryWithinStep_KeepsKey()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));

        var retry = await _harness.PostAsync(key, ("username", "alex"), ("password", "wrong"));

        Assert.Equal(key, FlowHarness.KeyOf(retry));
    }

    private async Task<(string OldKey, FlowOutcome Next)> PassFirstStepAsync()
    {
        var oldKey = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));
        var next = await _harness.PostAsync(oldKey, ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword));
        FlowHarness.AssertPage(next, CodeAuthenticatorFactory.Template);
        return (oldKey, next);
    }
}
