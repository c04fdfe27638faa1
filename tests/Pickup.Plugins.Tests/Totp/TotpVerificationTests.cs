using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Credentials;
using Pickup.Plugins.Totp.Pages;

namespace Pickup.Plugins.Tests.Totp;

public sealed class TotpVerificationTests
{
    [Fact]
    public async Task Initiate_UserWithAuthenticatorApp_ShowsCodePage()
    {
        using var harness = new TotpHarness();
        await harness.EnrollAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(5));

        var result = await harness.InitiateAsync();

        Assert.Equal(AuthenticatorResultKind.ShowPage, result.Kind);
        Assert.Equal(TotpPages.CodePage, result.Template);
    }

    [Theory]
    [InlineData(-30)]
    [InlineData(0)]
    [InlineData(30)]
    public async Task Code_WithinOneStepOfTheClock_IsAccepted(int offsetSeconds)
    {
        using var harness = new TotpHarness();
        var secret = await harness.EnrollAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        await harness.InitiateAsync();

        var result = await harness.SubmitCodeAsync(harness.CodeAt(secret, TimeSpan.FromSeconds(offsetSeconds)));

        Assert.Equal(AuthenticatorResultKind.Succeeded, result.Kind);
        Assert.False(result.Skipped);
        Assert.Empty(harness.Directory.Failures);
    }

    [Theory]
    [InlineData(-60)]
    [InlineData(60)]
    [InlineData(-90)]
    public async Task Code_TwoOrMoreStepsAway_IsRefusedAndCounted(int offsetSeconds)
    {
        using var harness = new TotpHarness();
        var secret = await harness.EnrollAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        await harness.InitiateAsync();

        var result = await harness.SubmitCodeAsync(harness.CodeAt(secret, TimeSpan.FromSeconds(offsetSeconds)));

        AssertRetry(result, TotpPages.CodePage, FailureKeys.CodeMismatch);
        Assert.Equal([(TotpHarness.UserId, "totp")], harness.Directory.Failures);
    }

    [Fact]
    public async Task Code_TypedWithSpaces_IsAccepted()
    {
        using var harness = new TotpHarness();
        var secret = await harness.EnrollAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.InitiateAsync();
        var code = harness.CodeAt(secret, TimeSpan.Zero);

        var result = await harness.SubmitCodeAsync($" {code[..3]} {code[3..]} ");

        Assert.Equal(AuthenticatorResultKind.Succeeded, result.Kind);
    }

    [Fact]
    public async Task Code_AlreadyUsed_IsRefusedInTheNextAttempt()
    {
        using var harness = new TotpHarness();
        var secret = await harness.EnrollAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var code = harness.CodeAt(secret, TimeSpan.Zero);
        await harness.InitiateAsync();
        Assert.Equal(AuthenticatorResultKind.Succeeded, (await harness.SubmitCodeAsync(code)).Kind);

        var replay = harness.NewAttempt();
        await harness.InitiateAsync(replay);
        var result = await harness.SubmitCodeAsync(code, replay);

        AssertRetry(result, TotpPages.CodePage, FailureKeys.CodeUsed);
    }

    [Fact]
    public async Task Code_OfAStepBeforeTheLastUsed_IsRefused()
    {
        using var harness = new TotpHarness();
        var secret = await harness.EnrollAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.InitiateAsync();
        Assert.Equal(AuthenticatorResultKind.Succeeded, (await harness.SubmitCodeAsync(harness.CodeAt(secret, TimeSpan.FromSeconds(30)))).Kind);

        // The current step's code is still inside the window, but a later step was used: it can never come back.
        var next = harness.NewAttempt();
        await harness.InitiateAsync(next);
        var result = await harness.SubmitCodeAsync(harness.CodeAt(secret, TimeSpan.Zero), next);

        AssertRetry(result, TotpPages.CodePage, FailureKeys.CodeUsed);
    }

    [Fact]
    public async Task Code_OfTheEnrolmentConfirmation_CannotSignInAgain()
    {
        using var harness = new TotpHarness();
        var secret = await harness.EnrollAsync();

        var next = harness.NewAttempt();
        await harness.InitiateAsync(next);
        var result = await harness.SubmitCodeAsync(harness.CodeAt(secret, TimeSpan.Zero), next);

        AssertRetry(result, TotpPages.CodePage, FailureKeys.CodeUsed);
    }

    [Fact]
    public async Task TwoRacingVerifications_OfOneCode_ExactlyOnePasses()
    {
        using var harness = new TotpHarness();
        var secret = await harness.EnrollAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(2));
        var code = harness.CodeAt(secret, TimeSpan.Zero);
        var first = harness.NewAttempt();
        var second = harness.NewAttempt();
        await harness.InitiateAsync(first);
        await harness.InitiateAsync(second);

        // Both requests read the credential (same version) before either records its use.
        harness.Store.HoldUsesUntil(2);
        var results = await Task.WhenAll(
            Task.Run(() => harness.SubmitCodeAsync(code, first)),
            Task.Run(() => harness.SubmitCodeAsync(code, second)));

        Assert.Single(results, r => r.Kind == AuthenticatorResultKind.Succeeded);
        var loser = Assert.Single(results, r => r.Kind != AuthenticatorResultKind.Succeeded);
        AssertRetry(loser, TotpPages.CodePage, FailureKeys.CodeUsed);
        Assert.Equal(1, Assert.Single(harness.Store.All).Version);
    }

    [Fact]
    public async Task WrongCodes_AreCountedWithTheTotpLabel_AndLockTheAccount()
    {
        using var harness = new TotpHarness();
        await harness.EnrollAsync();
        await harness.InitiateAsync();

        AuthenticatorResult result = AuthenticatorResult.Success();
        for (var i = 0; i < FakeTotpDirectory.LockoutAfter; i++)
        {
            result = await harness.SubmitCodeAsync("000000");
        }

        Assert.Equal(Enumerable.Repeat((TotpHarness.UserId, "totp"), FakeTotpDirectory.LockoutAfter), harness.Directory.Failures);
        Assert.Equal(AuthenticatorResultKind.Failed, result.Kind);
        Assert.Equal(TotpPages.ErrorPage, result.Template);
        Assert.Equal(FailureKeys.AccountLocked, result.FailureKey);
    }

    [Fact]
    public async Task MalformedCode_IsCountedAsWrong()
    {
        using var harness = new TotpHarness();
        await harness.EnrollAsync();
        await harness.InitiateAsync();

        var result = await harness.SubmitCodeAsync("12345a");

        AssertRetry(result, TotpPages.CodePage, FailureKeys.CodeMismatch);
        Assert.Single(harness.Directory.Failures);
    }

    [Fact]
    public async Task EmptyCode_AsksAgainWithoutCounting()
    {
        using var harness = new TotpHarness();
        await harness.EnrollAsync();
        await harness.InitiateAsync();

        var result = await harness.SubmitCodeAsync("   ");

        AssertRetry(result, TotpPages.CodePage, FailureKeys.CodeEmpty);
        Assert.Empty(harness.Directory.Failures);
    }

    [Fact]
    public async Task LockedAccount_IsRefusedEvenWithTheRightCode()
    {
        using var harness = new TotpHarness();
        var secret = await harness.EnrollAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.InitiateAsync();
        harness.Directory.Lock(TotpHarness.UserId);

        var result = await harness.SubmitCodeAsync(harness.CodeAt(secret, TimeSpan.Zero));

        Assert.Equal(AuthenticatorResultKind.Failed, result.Kind);
        Assert.Equal(FailureKeys.AccountLocked, result.FailureKey);
        Assert.Equal(0, Assert.Single(harness.Store.All).Version);
    }

    [Fact]
    public async Task LockedAccount_IsRefusedWhenTheStepStarts()
    {
        using var harness = new TotpHarness();
        harness.Directory.Lock(TotpHarness.UserId);

        var result = await harness.InitiateAsync();

        Assert.Equal(AuthenticatorResultKind.Failed, result.Kind);
        Assert.Equal(FailureKeys.AccountLocked, result.FailureKey);
        Assert.Empty(harness.Store.All);
    }

    [Fact]
    public async Task RightCode_ClearsTheFailureCount()
    {
        using var harness = new TotpHarness();
        var secret = await harness.EnrollAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.InitiateAsync();
        await harness.SubmitCodeAsync("000000");
        var resetsBefore = harness.Directory.Resets;

        await harness.SubmitCodeAsync(harness.CodeAt(secret, TimeSpan.Zero));

        Assert.Equal(resetsBefore + 1, harness.Directory.Resets);
        Assert.Empty(harness.Directory.Failures);
    }

    [Fact]
    public async Task NoUserIdentified_FailsTheStep()
    {
        using var harness = new TotpHarness();
        var context = new AuthenticationStepContext
        {
            SessionDataKey = "sdk-x",
            ServiceProvider = "pickup-dispatch",
            StepNumber = 1,
            State = new Dictionary<string, string>(),
        };

        var result = await harness.InitiateAsync(context);

        Assert.Equal(AuthenticatorResultKind.Failed, result.Kind);
        Assert.Equal(FailureKeys.UserNotFound, result.FailureKey);
    }

    [Fact]
    public async Task CodePosted_WithoutTheStepStarted_Fails()
    {
        using var harness = new TotpHarness();
        await harness.EnrollAsync();

        var result = await harness.SubmitCodeAsync("123456", harness.NewAttempt());

        Assert.Equal(AuthenticatorResultKind.Failed, result.Kind);
    }

    [Fact]
    public async Task StoredSecret_IsKeptEncrypted()
    {
        using var harness = new TotpHarness();
        var secret = await harness.EnrollAsync();

        var credential = Assert.Single(harness.Store.All);
        Assert.Equal("totp", credential.Type);
        Assert.Equal(CredentialSecretKind.Encrypted, credential.SecretKind);
        Assert.Equal(OtpNet.Base32Encoding.ToString(secret).TrimEnd('='), harness.Store.SecretOf(credential.Id));
        Assert.DoesNotContain(credential.Metadata.Values, v => v.Contains(harness.Store.SecretOf(credential.Id), StringComparison.Ordinal));
    }

    internal static void AssertRetry(AuthenticatorResult result, string template, string failureKey)
    {
        Assert.Equal(AuthenticatorResultKind.ShowPage, result.Kind);
        Assert.Equal(template, result.Template);
        Assert.Equal("true", result.Query["authFailure"]);
        Assert.Equal(failureKey, result.Query["authFailureMsg"]);
    }
}
