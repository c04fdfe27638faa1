using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Pages;
using Pickup.Plugins.Totp.Pages;
using static Pickup.Plugins.Tests.Totp.TotpVerificationTests;

namespace Pickup.Plugins.Tests.Totp;

public sealed class TotpEnrollmentTests
{
    [Fact]
    public async Task Initiate_UserWithoutAuthenticatorApp_ShowsEnrolmentPage()
    {
        using var harness = new TotpHarness();

        var result = await harness.InitiateAsync();

        Assert.Equal(AuthenticatorResultKind.ShowPage, result.Kind);
        Assert.Equal(TotpPages.EnrollPage, result.Template);
        Assert.Empty(harness.Store.All);
    }

    [Fact]
    public async Task EnrolmentPage_ShowsTheQrCodeAsInlineSvgAndTheKeyGrouped()
    {
        using var harness = new TotpHarness(("issuer", "Pickup Dispatch"));
        await harness.InitiateAsync();

        var view = Assert.IsType<PageView>(await harness.RenderAsync(TotpPages.EnrollPage));

        var model = Assert.IsType<TotpEnrollPageModel>(view.Model);
        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", model.QrSvg, StringComparison.Ordinal);
        Assert.Contains("<path", model.QrSvg, StringComparison.Ordinal);
        // The pages' CSP allows no inline style, script or outside request.
        Assert.DoesNotContain("style", model.QrSvg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("script", model.QrSvg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href", model.QrSvg, StringComparison.OrdinalIgnoreCase);
        Assert.Matches("^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$", model.SecretGroups);
        Assert.Equal("Pickup Dispatch", model.Issuer);
        Assert.Equal(TotpHarness.Username, model.AccountName);
        Assert.Null(model.ErrorKey);
    }

    [Fact]
    public async Task EnrolmentPage_ShowsTheSameSecretOnEveryReload()
    {
        using var harness = new TotpHarness();
        await harness.InitiateAsync();

        Assert.Equal(await harness.SecretShownAsync(), await harness.SecretShownAsync());
    }

    [Fact]
    public async Task EnrolmentPage_OfAnotherAttempt_IsNotServed()
    {
        using var harness = new TotpHarness();
        await harness.InitiateAsync();

        // Another attempt with the sealed secret copied into it: its page shows nothing.
        var other = harness.NewAttempt();
        foreach (var (key, value) in harness.Context.State)
        {
            other.State[key] = value;
        }

        Assert.Null(await harness.RenderAsync(TotpPages.EnrollPage, other));
    }

    [Fact]
    public async Task Enrolment_ConfirmedByAFirstCode_StoresTheSecretAndPassesTheStep()
    {
        using var harness = new TotpHarness();
        await harness.InitiateAsync();
        var secret = await harness.SecretShownAsync();

        var result = await harness.SubmitCodeAsync(harness.CodeAt(secret, TimeSpan.Zero));

        Assert.Equal(AuthenticatorResultKind.Succeeded, result.Kind);
        var credential = Assert.Single(harness.Store.All);
        Assert.Equal(TotpHarness.UserId, credential.UserId);
        Assert.Equal((harness.Time.GetUtcNow().ToUnixTimeSeconds() / 30).ToString(System.Globalization.CultureInfo.InvariantCulture), credential.Metadata["last_step"]);
        var enrolled = Assert.Single(harness.Audit.Records);
        Assert.Equal("totp.enrolled", enrolled.Type);
        Assert.Equal(TotpHarness.UserId, enrolled.UserId);
        Assert.Empty(harness.Context.State);
    }

    [Fact]
    public async Task Enrolment_WrongCode_StoresNothingAndIsNotCounted()
    {
        using var harness = new TotpHarness();
        await harness.InitiateAsync();
        var secret = await harness.SecretShownAsync();

        var result = await harness.SubmitCodeAsync(harness.CodeAt(secret, TimeSpan.FromMinutes(2)));

        AssertRetry(result, TotpPages.EnrollPage, FailureKeys.CodeMismatch);
        Assert.Empty(harness.Store.All);
        Assert.Empty(harness.Directory.Failures);
        Assert.Equal(secret, await harness.SecretShownAsync());
    }

    [Fact]
    public async Task Enrolment_SealedSecretSwappedInFromAnotherAttempt_IsRefused()
    {
        using var harness = new TotpHarness();
        harness.Directory.Add("u-mallory", "mallory");

        // Mallory starts her own enrolment and learns her secret...
        var mallory = new AuthenticationStepContext
        {
            SessionDataKey = "sdk-mallory",
            ServiceProvider = "pickup-dispatch",
            StepNumber = 2,
            User = new AuthenticatedUser { UserId = "u-mallory", Username = "mallory" },
            State = new Dictionary<string, string>(),
        };
        await harness.InitiateAsync(mallory);
        var mallorySecret = await harness.SecretShownAsync(mallory);

        // ...and plants the sealed value in alex's attempt, hoping alex's account takes her authenticator.
        await harness.InitiateAsync();
        foreach (var (key, value) in mallory.State)
        {
            harness.Context.State[key] = value;
        }

        var result = await harness.SubmitCodeAsync(harness.CodeAt(mallorySecret, TimeSpan.Zero));

        AssertRetry(result, TotpPages.EnrollPage, FailureKeys.EnrollmentRestarted);
        Assert.Empty(harness.Store.All);
        Assert.NotEqual(mallorySecret, await harness.SecretShownAsync());
    }

    [Fact]
    public async Task Enrolment_AlteredState_StartsOverWithANewSecret()
    {
        using var harness = new TotpHarness();
        await harness.InitiateAsync();
        var secret = await harness.SecretShownAsync();
        var key = harness.Context.State.Keys.Single(k => k.EndsWith("pending", StringComparison.Ordinal));
        var sealedText = harness.Context.State[key];
        harness.Context.State[key] = sealedText[..^2] + (sealedText[^2] == 'A' ? "B" : "A") + sealedText[^1];

        var result = await harness.SubmitCodeAsync(harness.CodeAt(secret, TimeSpan.Zero));

        AssertRetry(result, TotpPages.EnrollPage, FailureKeys.EnrollmentRestarted);
        Assert.Empty(harness.Store.All);
    }

    [Fact]
    public async Task Enrolment_FinishedInAnotherTabMeanwhile_AsksForTheFirstAppsCode()
    {
        using var harness = new TotpHarness();
        var secondTab = harness.NewAttempt();
        await harness.InitiateAsync();
        await harness.InitiateAsync(secondTab);
        var firstSecret = await harness.SecretShownAsync();
        var secondSecret = await harness.SecretShownAsync(secondTab);
        Assert.Equal(AuthenticatorResultKind.Succeeded, (await harness.SubmitCodeAsync(harness.CodeAt(firstSecret, TimeSpan.Zero))).Kind);

        var result = await harness.SubmitCodeAsync(harness.CodeAt(secondSecret, TimeSpan.Zero), secondTab);

        AssertRetry(result, TotpPages.CodePage, FailureKeys.AlreadyEnrolled);
        Assert.Equal(firstSecret, OtpNet.Base32Encoding.ToBytes(harness.Store.SecretOf(Assert.Single(harness.Store.All).Id)));
    }

    [Fact]
    public async Task Enrolment_RacingAnotherTabBetweenCheckAndStore_KeepsOnlyTheFirstStored()
    {
        using var harness = new TotpHarness();
        var secondTab = harness.NewAttempt();
        await harness.InitiateAsync();
        await harness.InitiateAsync(secondTab);
        var firstSecret = await harness.SecretShownAsync();
        var secondSecret = await harness.SecretShownAsync(secondTab);

        // The second tab confirms and stores its app while the first has checked (none yet) but not yet stored.
        AuthenticatorResult? secondResult = null;
        harness.Store.BeforeAdd = async () => secondResult = await harness.SubmitCodeAsync(harness.CodeAt(secondSecret, TimeSpan.Zero), secondTab);
        var firstResult = await harness.SubmitCodeAsync(harness.CodeAt(firstSecret, TimeSpan.Zero));

        Assert.Equal(AuthenticatorResultKind.Succeeded, Assert.IsType<AuthenticatorResult>(secondResult).Kind);
        AssertRetry(firstResult, TotpPages.CodePage, FailureKeys.AlreadyEnrolled);
        var kept = Assert.Single(harness.Store.All);
        Assert.Equal(secondSecret, OtpNet.Base32Encoding.ToBytes(harness.Store.SecretOf(kept.Id)));
    }

    [Fact]
    public async Task EnrolmentTurnedOff_UserWithoutApp_IsSentToAnotherOption()
    {
        using var harness = new TotpHarness(("allow_enrollment", false));

        var result = await harness.InitiateAsync(harness.NewAttempt(hasOtherOptions: true));

        Assert.Equal(AuthenticatorResultKind.ChooseAnotherOption, result.Kind);
        Assert.Equal(FailureKeys.NotEnrolled, result.FailureKey);
        Assert.Empty(harness.Store.All);
    }

    [Fact]
    public async Task ResetDuringSignIn_StartsEnrolmentAgain()
    {
        using var harness = new TotpHarness();
        var secret = await harness.EnrollAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.InitiateAsync();
        await harness.Store.RemoveAllAsync(TotpHarness.UserId, "totp", CancellationToken.None);

        var result = await harness.SubmitCodeAsync(harness.CodeAt(secret, TimeSpan.Zero));

        Assert.Equal(AuthenticatorResultKind.ShowPage, result.Kind);
        Assert.Equal(TotpPages.EnrollPage, result.Template);
        Assert.Empty(harness.Store.All);
    }
}
