using Pickup.Core.Flow;

namespace Pickup.Core.Tests.Flow;

/// <summary>
/// Double clicks on one node (serialised by the per-attempt gate) and races between nodes (settled by the store's
/// version check): every request ends where the winner left the attempt, and side effects happen once.
/// </summary>
public sealed class LoginFlowConcurrencyTests : IDisposable
{
    private static readonly (string, string)[] RightLogin = [("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword)];
    private static readonly (string, string)[] WrongLogin = [("username", "alex"), ("password", "wrong")];

    private readonly FlowHarness _harness;
    private readonly RacingStore _store;

    public LoginFlowConcurrencyTests()
    {
        _harness = new FlowHarness(inner => new RacingStore(inner));
        _store = (RacingStore)_harness.Store;
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task PostAsync_TwoRightPostsAtOnce_ProcessOneAtATimeOnceAndEndOnSamePage()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));
        _harness.Password.ProcessDelay = TimeSpan.FromMilliseconds(50);

        var outcomes = await Task.WhenAll(_harness.PostAsync(key, RightLogin), _harness.PostAsync(key, RightLogin));

        Assert.Equal(1, _harness.Password.MostRunningAtOnce);
        Assert.Equal(1, _harness.Password.ProcessCalls);
        Assert.Equal(1, _harness.Code.InitiateCalls);
        FlowHarness.AssertPage(outcomes[0], CodeAuthenticatorFactory.Template);
        Assert.Equal(outcomes[0].Location, outcomes[1].Location);
    }

    [Fact]
    public async Task PostAsync_TwoWrongPostsAtOnce_ProcessOneAtATimeAndEndOnSamePage()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));
        _harness.Password.ProcessDelay = TimeSpan.FromMilliseconds(50);

        var outcomes = await Task.WhenAll(_harness.PostAsync(key, WrongLogin), _harness.PostAsync(key, WrongLogin));

        Assert.Equal(1, _harness.Password.MostRunningAtOnce);
        Assert.Equal(2, _harness.Password.ProcessCalls);
        Assert.Equal(key, FlowHarness.KeyOf(outcomes[0]));
        Assert.Equal(outcomes[0].Location, outcomes[1].Location);
    }

    [Fact]
    public async Task PostAsync_LastStepPostedTwiceAtOnce_BothComplete()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));
        key = FlowHarness.KeyOf(await _harness.PostAsync(key, RightLogin));

        var outcomes = await Task.WhenAll(_harness.PostAsync(key, ("code", "1234")), _harness.PostAsync(key, ("code", "1234")));

        Assert.All(outcomes, o => Assert.Equal(FlowOutcomeKind.Completed, o.Kind));
        Assert.NotNull(await _harness.Flow.ConsumeCompletedAsync(key, _harness.Cookie, FlowConfiguration.TwoStep, FlowHarness.Resumed(FlowConfiguration.TwoStep), CancellationToken.None));
        Assert.Null(await _harness.Flow.ConsumeCompletedAsync(key, _harness.Cookie, FlowConfiguration.TwoStep, FlowHarness.Resumed(FlowConfiguration.TwoStep), CancellationToken.None));
    }

    [Fact]
    public async Task PostAsync_OtherNodeSavedFirst_LoserFollowsWinnersNewPage()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));
        var otherNode = _harness.CreateNode();
        FlowOutcome? winner = null;
        _store.BeforeNextUpdate(async () => winner = await _harness.PostAsync(otherNode, key, _harness.Cookie, RightLogin));

        var loser = await _harness.PostAsync(key, WrongLogin);

        FlowHarness.AssertPage(winner!, CodeAuthenticatorFactory.Template);
        Assert.Equal(winner!.Location, loser.Location);
    }

    [Fact]
    public async Task PostAsync_BothNodesCompleteStep_LoserDropsItsNewKeyAndFollowsWinner()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));
        var otherNode = _harness.CreateNode();
        FlowOutcome? winner = null;
        _store.BeforeNextUpdate(async () => winner = await _harness.PostAsync(otherNode, key, _harness.Cookie, RightLogin));

        var loser = await _harness.PostAsync(key, RightLogin);

        Assert.Equal(2, _harness.Password.ProcessCalls);
        Assert.Equal(winner!.Location, loser.Location);
        var done = await _harness.PostAsync(FlowHarness.KeyOf(loser), ("code", CodeAuthenticatorFactory.Code));
        Assert.Equal(FlowOutcomeKind.Completed, done.Kind);
    }

    [Fact]
    public async Task PostAsync_StepStateOfLosingRequest_IsNotSaved()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.MultiOption));
        var otherNode = _harness.CreateNode();
        _store.BeforeNextUpdate(() => _harness.PostAsync(otherNode, key, _harness.Cookie, ("authenticator", "password")));

        var loser = await _harness.PostAsync(key, ("authenticator", "code"), ("idp", "Backup"));

        FlowHarness.AssertPage(loser, PasswordAuthenticatorFactory.Template);
        var page = Assert.IsType<TestPageModel>((await _harness.RenderAsync(loser.Location!))!.Model);
        Assert.Equal("password", page.Authenticator);
    }
}
