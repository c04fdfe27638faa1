using Pickup.Core.Flow;

namespace Pickup.Core.Tests.Flow;

/// <summary>The step sequencer walking a driver through a service provider's steps, one request at a time.</summary>
public sealed class LoginFlowStepTests : IDisposable
{
    private readonly FlowHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task StartAsync_FirstStepShowsPage_RedirectsToItWithFreshKey()
    {
        var outcome = await _harness.StartAsync(FlowConfiguration.TwoStep);

        var query = FlowHarness.AssertPage(outcome, PasswordAuthenticatorFactory.Template);
        Assert.Equal(43, query["sessionDataKey"].Length);
        Assert.Single(query);
    }

    [Fact]
    public async Task RenderAsync_CurrentPage_BuildsAuthenticatorModelForStep()
    {
        var start = await _harness.StartAsync(FlowConfiguration.TwoStep);

        var view = await _harness.RenderAsync(start.Location!);

        Assert.NotNull(view);
        Assert.Equal(PasswordAuthenticatorFactory.Template, view.Template);
        var model = Assert.IsType<TestPageModel>(view.Model);
        Assert.Equal(("password", 1, null), (model.Authenticator, model.StepNumber, model.UserId));
        Assert.False(model.HasOtherOptions);
    }

    [Fact]
    public async Task RenderAsync_TemplateOfNoCurrentAuthenticator_ReturnsNull()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));

        Assert.Null(await _harness.RenderAsync($"/{CodeAuthenticatorFactory.Template}?sessionDataKey={key}"));
    }

    [Fact]
    public async Task PostAsync_WrongPassword_ReturnsToLoginPageWithReasonAndSameKey()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));

        var outcome = await _harness.PostAsync(key, ("username", "alex"), ("password", "wrong"));

        var query = FlowHarness.AssertPage(outcome, PasswordAuthenticatorFactory.Template);
        Assert.Equal(key, query["sessionDataKey"]);
        Assert.Equal("login.fail.message", query["authFailureMsg"]);
        var model = Assert.IsType<TestPageModel>((await _harness.RenderAsync(outcome.Location!))!.Model);
        Assert.Equal("login.fail.message", model.FailureKey);
    }

    [Fact]
    public async Task TwoStepFlow_PasswordThenCode_CompletesWithUserSubjectAndAuthenticators()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));

        var second = await _harness.PostAsync(key, ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword));
        var secondQuery = FlowHarness.AssertPage(second, CodeAuthenticatorFactory.Template);
        Assert.Equal("test", secondQuery["channel"]);
        var codePage = Assert.IsType<TestPageModel>((await _harness.RenderAsync(second.Location!))!.Model);
        Assert.Equal((2, PasswordAuthenticatorFactory.UserIdOf("alex")), (codePage.StepNumber, codePage.UserId));

        var done = await _harness.PostAsync(secondQuery["sessionDataKey"], ("code", CodeAuthenticatorFactory.Code));

        Assert.Equal(FlowOutcomeKind.Completed, done.Kind);
        var attempt = done.Attempt!;
        Assert.Equal(LoginAttemptStatus.Completed, attempt.Status);
        Assert.Equal(PasswordAuthenticatorFactory.UserIdOf("alex"), attempt.UserId);
        Assert.Equal(PasswordAuthenticatorFactory.UserIdOf("alex"), attempt.SubjectUserId);
        Assert.Equal(["password", "code"], attempt.CompletedAuthenticators);
        Assert.Equal("xyz", attempt.AuthorizeParameters["state"]);
        Assert.Equal(FlowConfiguration.TwoStep, attempt.ClientId);
    }

    [Fact]
    public async Task PostAsync_WrongCodeThenRightCode_KeepsStepStateBetweenRequests()
    {
        var key = FlowHarness.KeyOf(await _harness.PostAsync(
            FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep)),
            ("username", "alex"),
            ("password", PasswordAuthenticatorFactory.RightPassword)));

        var retry = await _harness.PostAsync(key, ("code", "0000"));
        var done = await _harness.PostAsync(key, ("code", CodeAuthenticatorFactory.Code));

        Assert.Equal("code.mismatch", FlowHarness.AssertPage(retry, CodeAuthenticatorFactory.Template)["authFailureMsg"]);
        Assert.Equal(FlowOutcomeKind.Completed, done.Kind);
    }

    [Fact]
    public async Task ConsumeCompletedAsync_RightClientAndBrowser_ReturnsAttemptOnlyOnce()
    {
        var key = await CompleteTwoStepAsync();

        var first = await _harness.Flow.ConsumeCompletedAsync(key, _harness.Cookie, FlowConfiguration.TwoStep, FlowHarness.Resumed(FlowConfiguration.TwoStep), CancellationToken.None);
        var second = await _harness.Flow.ConsumeCompletedAsync(key, _harness.Cookie, FlowConfiguration.TwoStep, FlowHarness.Resumed(FlowConfiguration.TwoStep), CancellationToken.None);

        Assert.NotNull(first);
        Assert.Equal(PasswordAuthenticatorFactory.UserIdOf("alex"), first.SubjectUserId);
        Assert.Null(second);
    }

    [Theory]
    [InlineData("state", "swapped")]
    [InlineData("redirect_uri", "https://other.example/cb")]
    [InlineData("client_id", "")]
    public async Task ConsumeCompletedAsync_ResumedWithOtherParameters_ReturnsNullAndLeavesAttemptForTheStoredRequest(string name, string value)
    {
        var key = await CompleteTwoStepAsync();
        var resumed = FlowHarness.Resumed(FlowConfiguration.TwoStep).Where(p => p.Key != name).Append(KeyValuePair.Create(name, (string?)value)).ToArray();
        var withExtra = FlowHarness.Resumed(FlowConfiguration.TwoStep).Append(KeyValuePair.Create("nonce", (string?)"added")).ToArray();

        var swapped = await _harness.Flow.ConsumeCompletedAsync(key, _harness.Cookie, FlowConfiguration.TwoStep, resumed, CancellationToken.None);
        var added = await _harness.Flow.ConsumeCompletedAsync(key, _harness.Cookie, FlowConfiguration.TwoStep, withExtra, CancellationToken.None);
        var own = await _harness.Flow.ConsumeCompletedAsync(key, _harness.Cookie, FlowConfiguration.TwoStep, FlowHarness.Resumed(FlowConfiguration.TwoStep), CancellationToken.None);

        Assert.Null(swapped);
        Assert.Null(added);
        Assert.NotNull(own);
    }

    [Fact]
    public async Task ConsumeCompletedAsync_OtherClientId_ReturnsNullAndLeavesAttemptForItsClient()
    {
        var key = await CompleteTwoStepAsync();

        var other = await _harness.Flow.ConsumeCompletedAsync(key, _harness.Cookie, FlowConfiguration.MultiOption, FlowHarness.Resumed(FlowConfiguration.MultiOption), CancellationToken.None);
        var own = await _harness.Flow.ConsumeCompletedAsync(key, _harness.Cookie, FlowConfiguration.TwoStep, FlowHarness.Resumed(FlowConfiguration.TwoStep), CancellationToken.None);

        Assert.Null(other);
        Assert.NotNull(own);
    }

    [Theory]
    [InlineData("another-browser")]
    [InlineData("")]
    [InlineData(null)]
    public async Task ConsumeCompletedAsync_OtherBrowserCookie_ReturnsNullAndLeavesAttemptForItsBrowser(string? cookie)
    {
        var key = await CompleteTwoStepAsync();

        var stolen = await _harness.Flow.ConsumeCompletedAsync(key, cookie, FlowConfiguration.TwoStep, FlowHarness.Resumed(FlowConfiguration.TwoStep), CancellationToken.None);
        var own = await _harness.Flow.ConsumeCompletedAsync(key, _harness.Cookie, FlowConfiguration.TwoStep, FlowHarness.Resumed(FlowConfiguration.TwoStep), CancellationToken.None);

        Assert.Null(stolen);
        Assert.NotNull(own);
    }

    [Fact]
    public async Task ConsumeCompletedAsync_AttemptStillInProgress_ReturnsNull()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));

        Assert.Null(await _harness.Flow.ConsumeCompletedAsync(key, _harness.Cookie, FlowConfiguration.TwoStep, FlowHarness.Resumed(FlowConfiguration.TwoStep), CancellationToken.None));
    }

    [Fact]
    public async Task ConsumeCompletedAsync_TwoAtOnce_OnlyOneGetsTheAttempt()
    {
        var key = await CompleteTwoStepAsync();

        var both = await Task.WhenAll(
            _harness.Flow.ConsumeCompletedAsync(key, _harness.Cookie, FlowConfiguration.TwoStep, FlowHarness.Resumed(FlowConfiguration.TwoStep), CancellationToken.None),
            _harness.Flow.ConsumeCompletedAsync(key, _harness.Cookie, FlowConfiguration.TwoStep, FlowHarness.Resumed(FlowConfiguration.TwoStep), CancellationToken.None));

        Assert.Single(both, a => a is not null);
    }

    [Fact]
    public async Task StartAsync_FirstStepSucceedsWithoutPage_CompletesAtOnce()
    {
        var outcome = await _harness.StartAsync(FlowConfiguration.IdentifyOnly);

        Assert.Equal(FlowOutcomeKind.Completed, outcome.Kind);
        Assert.Equal(IdentifyBobFactory.Bob.UserId, outcome.Attempt!.SubjectUserId);
        Assert.NotNull(await _harness.Flow.ConsumeCompletedAsync(outcome.Attempt.SessionDataKey, _harness.Cookie, FlowConfiguration.IdentifyOnly, FlowHarness.Resumed(FlowConfiguration.IdentifyOnly), CancellationToken.None));
    }

    [Fact]
    public async Task PostAsync_NoStepIdentifiedUser_FailsWithUserNotIdentified()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.CodeOnly));

        var outcome = await _harness.PostAsync(key, ("code", CodeAuthenticatorFactory.Code));

        FlowHarness.AssertError(outcome, "user.not.identified");
        Assert.Null(await _harness.Flow.ConsumeCompletedAsync(key, _harness.Cookie, FlowConfiguration.CodeOnly, FlowHarness.Resumed(FlowConfiguration.CodeOnly), CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("unknown-key")]
    public async Task PostAsync_UnknownKey_RedirectsToSessionExpired(string key)
    {
        await _harness.StartAsync(FlowConfiguration.TwoStep);

        FlowHarness.AssertError(await _harness.PostAsync(key, ("username", "alex")), "session.expired");
    }

    [Fact]
    public async Task PostAsync_KeyOverHundredCharacters_RedirectsToSessionExpiredWithoutAuthenticator()
    {
        await _harness.StartAsync(FlowConfiguration.TwoStep);

        var outcome = await _harness.PostAsync(new string('k', 101), ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword));

        FlowHarness.AssertError(outcome, "session.expired");
        Assert.Equal(0, _harness.Password.ProcessCalls);
    }

    [Fact]
    public async Task PostAsync_FromAnotherBrowser_RedirectsToSessionExpiredWithoutAuthenticator()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));

        var outcome = await _harness.PostAsync(_harness.Flow, key, BrowserBinding.NewValue(), ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword));

        FlowHarness.AssertError(outcome, "session.expired");
        Assert.Equal(0, _harness.Password.ProcessCalls);
        Assert.Null(await _harness.RenderAsync($"/{PasswordAuthenticatorFactory.Template}?sessionDataKey={key}", BrowserBinding.NewValue()));
    }

    private async Task<string> CompleteTwoStepAsync()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.TwoStep));
        key = FlowHarness.KeyOf(await _harness.PostAsync(key, ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword)));
        var done = await _harness.PostAsync(key, ("code", CodeAuthenticatorFactory.Code));
        Assert.Equal(FlowOutcomeKind.Completed, done.Kind);
        return done.Attempt!.SessionDataKey;
    }
}
