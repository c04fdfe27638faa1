using Pickup.Core.Flow;

namespace Pickup.Core.Tests.Flow;

/// <summary>Steps with several options: the multi-option page, a choice, and an option that sends the driver back.</summary>
public sealed class LoginFlowMultiOptionTests : IDisposable
{
    private readonly FlowHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task StartAsync_StepWithSeveralOptions_ShowsMultiOptionPageWithoutStartingAny()
    {
        var outcome = await _harness.StartAsync(FlowConfiguration.MultiOption);

        FlowHarness.AssertPage(outcome, FlowOutcome.MultiOptionTemplate);
        Assert.Equal(0, _harness.Password.InitiateCalls + _harness.Declining.InitiateCalls + _harness.Code.InitiateCalls);
    }

    [Fact]
    public async Task RenderAsync_MultiOptionPage_ListsEveryOptionWithIdpAndDisplayName()
    {
        var start = await _harness.StartAsync(FlowConfiguration.MultiOption);

        var view = await _harness.RenderAsync(start.Location!);

        var model = Assert.IsType<MultiOptionModel>(view!.Model);
        Assert.Equal(
            [
                new MultiOptionChoice("password", "LOCAL", "Password"),
                new MultiOptionChoice("decline", "LOCAL", "Declining"),
                new MultiOptionChoice("code", "Backup", "Code (Backup)"),
            ],
            model.Options);
        Assert.Null(model.ErrorKey);
    }

    [Fact]
    public async Task PostAsync_ChoiceOfLocalOption_StartsThatOptionOnSameKey()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.MultiOption));

        var outcome = await _harness.PostAsync(key, ("authenticator", "password"), ("idp", "LOCAL"));

        Assert.Equal(key, FlowHarness.AssertPage(outcome, PasswordAuthenticatorFactory.Template)["sessionDataKey"]);
        var page = Assert.IsType<TestPageModel>((await _harness.RenderAsync(outcome.Location!))!.Model);
        Assert.True(page.HasOtherOptions);
        Assert.Null(page.IdentityProvider);
    }

    [Fact]
    public async Task PostAsync_ChoiceOfIdentityProviderOption_StartsItsAuthenticatorWithItsSettings()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.MultiOption));

        var outcome = await _harness.PostAsync(key, ("authenticator", "code"), ("idp", "Backup"));

        FlowHarness.AssertPage(outcome, CodeAuthenticatorFactory.Template);
        var page = Assert.IsType<TestPageModel>((await _harness.RenderAsync(outcome.Location!))!.Model);
        Assert.Equal("Backup", page.IdentityProvider);
        Assert.Equal(1, _harness.Code.InitiateCalls);
    }

    [Fact]
    public async Task PostAsync_ChosenOptionSucceeds_MovesToNextStepOnNewKey()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.MultiOption));
        await _harness.PostAsync(key, ("authenticator", "password"));

        var next = await _harness.PostAsync(key, ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword));
        var done = await _harness.PostAsync(FlowHarness.KeyOf(next), ("code", CodeAuthenticatorFactory.Code));

        Assert.NotEqual(key, FlowHarness.KeyOf(next));
        Assert.Equal(FlowOutcomeKind.Completed, done.Kind);
        Assert.Equal(["password", "code"], done.Attempt!.CompletedAuthenticators);
    }

    [Theory]
    [InlineData("nobody", null)]
    [InlineData("code", "LOCAL")]
    public async Task PostAsync_ChoiceNotOffered_ShowsMultiOptionPageAgain(string authenticator, string? idp)
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.MultiOption));
        var fields = idp is null ? new[] { ("authenticator", authenticator) } : [("authenticator", authenticator), ("idp", idp)];

        var outcome = await _harness.PostAsync(key, fields);

        FlowHarness.AssertPage(outcome, FlowOutcome.MultiOptionTemplate);
        Assert.Equal(0, _harness.Code.InitiateCalls);
    }

    [Fact]
    public async Task PostAsync_NoChoiceWhileOnMultiOptionPage_ShowsItAgainWithoutRunningAnyAuthenticator()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.MultiOption));

        var outcome = await _harness.PostAsync(key, ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword));

        FlowHarness.AssertPage(outcome, FlowOutcome.MultiOptionTemplate);
        Assert.Equal(0, _harness.Password.ProcessCalls);
    }

    [Fact]
    public async Task PostAsync_ChosenOptionAsksForAnother_ReturnsToMultiOptionPageWithFailureKey()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.MultiOption));

        var outcome = await _harness.PostAsync(key, ("authenticator", "decline"));

        var query = FlowHarness.AssertPage(outcome, FlowOutcome.MultiOptionTemplate);
        Assert.Equal(key, query["sessionDataKey"]);
        Assert.Equal(("true", DecliningFactory.FailureKey), (query["authFailure"], query["authFailureMsg"]));
        var model = Assert.IsType<MultiOptionModel>((await _harness.RenderAsync(outcome.Location!))!.Model);
        Assert.Equal(DecliningFactory.FailureKey, model.ErrorKey);
    }

    [Fact]
    public async Task PostAsync_AfterBeingSentBackToOptions_AnotherOptionStillCompletesTheStep()
    {
        var key = FlowHarness.KeyOf(await _harness.StartAsync(FlowConfiguration.MultiOption));
        await _harness.PostAsync(key, ("authenticator", "decline"));

        await _harness.PostAsync(key, ("authenticator", "password"));
        var next = await _harness.PostAsync(key, ("username", "alex"), ("password", PasswordAuthenticatorFactory.RightPassword));

        FlowHarness.AssertPage(next, CodeAuthenticatorFactory.Template);
    }

    [Fact]
    public async Task StartAsync_OnlyOptionAsksForAnother_FailsOnItsErrorPage()
    {
        var outcome = await _harness.StartAsync(FlowConfiguration.DeclineOnly);

        var query = FlowHarness.AssertPage(outcome, TestAuthenticatorFactory.ErrorTemplate);
        Assert.Equal(DecliningFactory.FailureKey, query["authFailureMsg"]);
        var again = await _harness.PostAsync(query["sessionDataKey"], ("authenticator", "decline"));
        Assert.Equal(outcome.Location, again.Location);
        Assert.Equal(1, _harness.Declining.InitiateCalls);
    }
}
