using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Credentials;
using Pickup.Abstractions.Pages;
using Pickup.Abstractions.Testing.Authentication;
using Pickup.Abstractions.Testing.Credentials;
using Pickup.Abstractions.Testing.Users;
using Pickup.Abstractions.Users;

namespace Contoso.Pin.Tests;

public sealed class PinAuthenticatorTests
{
    private readonly FakeUserDirectory _users = new() { LockoutAfter = 3 };
    private readonly FakeCredentialStore _credentials = new(declaredTypes: [PinNames.CredentialType]);
    private readonly DirectoryUser _alex;
    private readonly StepContextBuilder _step;

    public PinAuthenticatorTests()
    {
        _alex = _users.AddUser("alex", "alex-password");
        _step = new StepContextBuilder().WithUser(_alex.Id, _alex.Username).ForStep(2);
    }

    private PinAuthenticator Authenticator() => new(_users, _credentials);

    private Task<Credential> GivePinAsync(string pin) =>
        _credentials.AddAsync(_alex.Id, new CredentialDraft { Type = PinNames.CredentialType, Secret = pin, SecretKind = CredentialSecretKind.Hashed }, default);

    private Task<AuthenticatorResult> PostAsync(string pin) =>
        Authenticator().ProcessAsync(_step.Build(), new Dictionary<string, string> { [PinNames.PinField] = pin }, default);

    [Fact]
    public async Task Initiate_UserWithAPin_ShowsThePinPage()
    {
        await GivePinAsync("482913");

        var result = await Authenticator().InitiateAsync(_step.Build(), default);

        Assert.Equal(AuthenticatorResultKind.ShowPage, result.Kind);
        Assert.Equal(PinNames.Template, result.Template);
    }

    [Fact]
    public async Task Initiate_UserWithoutAPin_FailsSayingSo()
    {
        var result = await Authenticator().InitiateAsync(_step.Build(), default);

        Assert.Equal(AuthenticatorResultKind.Failed, result.Kind);
        Assert.Equal(PinNames.NoPinKey, result.FailureKey);
    }

    [Fact]
    public async Task Initiate_AsAFirstStep_Fails()
    {
        var result = await Authenticator().InitiateAsync(new StepContextBuilder().Build(), default);

        Assert.Equal(PinNames.NoUserKey, result.FailureKey);
    }

    [Fact]
    public async Task Process_RightPin_SucceedsAndClearsTheFailureCount()
    {
        await GivePinAsync("482913");
        await PostAsync("000000");

        var result = await PostAsync(" 482913 ");

        Assert.Equal(AuthenticatorResultKind.Succeeded, result.Kind);
        Assert.False(result.Skipped);
        Assert.Equal(0, _users.FailedAttempts(_alex.Id));
        Assert.NotNull(Assert.Single(_credentials.All).LastUsedAt);
    }

    [Fact]
    public async Task Process_WrongPin_AsksAgainAndCountsAFailureLabelledPin()
    {
        await GivePinAsync("482913");

        var result = await PostAsync("482914");

        Assert.Equal(AuthenticatorResultKind.ShowPage, result.Kind);
        Assert.Equal(PinNames.MismatchKey, result.Query["authFailureMsg"]);
        Assert.Equal([(_alex.Id, PinNames.FailureLabel)], _users.Failures);
    }

    [Fact]
    public async Task Process_EmptyPin_AsksAgainWithoutCounting()
    {
        await GivePinAsync("482913");

        var result = await PostAsync("  ");

        Assert.Equal(AuthenticatorResultKind.ShowPage, result.Kind);
        Assert.Empty(_users.Failures);
    }

    [Fact]
    public async Task Process_TooManyWrongPins_LocksTheAccount_AndTheRightPinNoLongerWorks()
    {
        await GivePinAsync("482913");

        await PostAsync("1");
        await PostAsync("2");
        var third = await PostAsync("3");
        var right = await PostAsync("482913");

        Assert.Equal(AuthenticatorResultKind.Failed, third.Kind);
        Assert.Equal(PinNames.LockedKey, third.FailureKey);
        Assert.Equal(AuthenticatorResultKind.Failed, right.Kind);
        Assert.Equal(PinNames.LockedKey, right.FailureKey);
    }

    [Fact]
    public async Task RenderPage_AfterAMismatch_SaysSo_AndIgnoresOtherKeys()
    {
        var page = await Authenticator().RenderPageAsync(
            _step.Build(),
            new PageRequest { Template = PinNames.Template, Query = new Dictionary<string, string> { ["authFailureMsg"] = PinNames.MismatchKey } },
            default);
        var other = await Authenticator().RenderPageAsync(
            _step.Build(),
            new PageRequest { Template = PinNames.Template, Query = new Dictionary<string, string> { ["authFailureMsg"] = "smsotp.sent_to" } },
            default);

        Assert.Equal(new PinPageModel(true, "alex"), page!.Model);
        Assert.Equal(new PinPageModel(false, "alex"), other!.Model);
        Assert.Null(await Authenticator().RenderPageAsync(_step.Build(), new PageRequest { Template = "otherendpoint/page", Query = new Dictionary<string, string>() }, default));
    }
}
