using Pickup.Abstractions.Authentication;
using Pickup.Plugins.SmsOtp;
using Pickup.Sms.Contracts;
using static Pickup.Plugins.Tests.SmsOtp.Results;

namespace Pickup.Plugins.Tests.SmsOtp;

/// <summary>What the step does for each user situation: no mobile, SMS OTP turned off, not in the local store.</summary>
public sealed class UserSituationTests
{
    private static readonly Dictionary<string, string> NoClaims = [];

    [Fact]
    public async Task Initiate_NoMobileCaptureOffNotMandatory_SkipsStepWithoutSms()
    {
        using var harness = new SmsOtpHarness(NoClaims, ("CaptureAndUpdateMobileNumber", false), ("SMSOTPMandatory", false));

        var result = await harness.InitiateAsync();
        AssertSucceeded(result);
        Assert.True(result.Skipped);
        Assert.Empty(harness.Sender.Sent);
    }

    [Fact]
    public async Task Initiate_NoMobileCaptureOffMandatory_FailsWithMobileNumberNotFound()
    {
        using var harness = new SmsOtpHarness(NoClaims, ("CaptureAndUpdateMobileNumber", false), ("SMSOTPMandatory", true));

        AssertFailed(await harness.InitiateAsync(), "mobile.number.not.found");
        Assert.Empty(harness.Sender.Sent);
    }

    [Fact]
    public async Task Initiate_StoredMobileNotDigitsAndMandatory_TreatedAsMissing()
    {
        using var harness = new SmsOtpHarness(new Dictionary<string, string> { [SmsOtpClaims.Mobile] = "call me" }, ("SMSOTPMandatory", true));

        AssertFailed(await harness.InitiateAsync(), "mobile.number.not.found");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Initiate_NoMobileCaptureOn_ShowsMobilePageWhateverMandatory(bool mandatory)
    {
        using var harness = new SmsOtpHarness(NoClaims, ("CaptureAndUpdateMobileNumber", true), ("SMSOTPMandatory", mandatory));

        AssertShowsPage(await harness.InitiateAsync(), MobilePage);
        Assert.Empty(harness.Sender.Sent);
    }

    [Fact]
    public async Task Process_CapturedMobile_CodeGoesThereAndNumberSavedOnlyAfterVerification()
    {
        using var harness = new SmsOtpHarness(NoClaims, ("CaptureAndUpdateMobileNumber", true));
        await harness.InitiateAsync();

        var result = await harness.PostAsync(("MOBILE_NUMBER", "+94 77-888 8888"));

        AssertShowsPage(result, CodePage);
        Assert.Equal("94778888888", Assert.Single(harness.Sender.Sent).Number);
        Assert.Empty(harness.Directory.ClaimsSet);
        Assert.Equal("94778888888", harness.Context.State["smsotp.pendingNumber"]);

        var verified = await harness.SubmitCodeAsync(harness.LastCode);
        AssertSucceeded(verified);
        Assert.False(verified.Skipped);
        Assert.Equal((SmsOtpHarness.UserId, SmsOtpClaims.Mobile, "94778888888"), Assert.Single(harness.Directory.ClaimsSet));
        Assert.False(harness.Context.State.ContainsKey("smsotp.pendingNumber"));
    }

    [Fact]
    public async Task Process_CapturedMobileWrongCode_NothingSaved()
    {
        using var harness = new SmsOtpHarness(NoClaims, ("CaptureAndUpdateMobileNumber", true), ("RetryEnable", false));
        await harness.InitiateAsync();
        await harness.PostAsync(("MOBILE_NUMBER", "94778888888"));

        AssertFailed(await harness.SubmitCodeAsync(CodeCheckTests.Wrong(harness.LastCode)), "code.mismatch");

        Assert.Empty(harness.Directory.ClaimsSet);
    }

    [Fact]
    public async Task Process_CapturedMobileResent_NewCodeGoesToTypedNumber()
    {
        using var harness = new SmsOtpHarness(NoClaims, ("CaptureAndUpdateMobileNumber", true), ("ResendCooldown", 0L));
        await harness.InitiateAsync();
        await harness.PostAsync(("MOBILE_NUMBER", "94771234567"));

        await harness.ResendAsync();

        Assert.All(harness.Sender.Sent, m => Assert.Equal("94771234567", m.Number));
        Assert.Equal(2, harness.Sender.Sent.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1234567")]
    [InlineData("1234567890123456")]
    [InlineData("94 77 abc 8888")]
    [InlineData("0778888888")]
    [InlineData("+94 12")]
    [InlineData("999 778 888 888")]
    public async Task Process_CapturedMobileNotValidWithoutDefaultRegion_RetriesWithMobileInvalidAndSavesNothing(string typed)
    {
        using var harness = new SmsOtpHarness(NoClaims, ("CaptureAndUpdateMobileNumber", true));
        await harness.InitiateAsync();

        var result = await harness.PostAsync(("MOBILE_NUMBER", typed));

        AssertRetry(result, MobilePage, "mobile.invalid");
        Assert.Empty(harness.Directory.ClaimsSet);
        Assert.Empty(harness.Sender.Sent);
    }

    [Theory]
    [InlineData("0778888888")]
    [InlineData("077 888 8888")]
    [InlineData("+94 77 888 8888")]
    [InlineData("94778888888")]
    public async Task Process_DefaultRegionLk_NationalAndInternationalFormsAccepted(string typed)
    {
        using var harness = new SmsOtpHarness(NoClaims, ("CaptureAndUpdateMobileNumber", true), ("DefaultRegion", "LK"));
        await harness.InitiateAsync();

        AssertShowsPage(await harness.PostAsync(("MOBILE_NUMBER", typed)), CodePage);

        Assert.Equal("94778888888", Assert.Single(harness.Sender.Sent).Number);
    }

    [Fact]
    public async Task Process_MobileNumberPostedWhileAwaitingCode_NeverChangesTheNumber()
    {
        using var harness = new SmsOtpHarness(("CaptureAndUpdateMobileNumber", true));
        await harness.InitiateAsync();

        var result = await harness.PostAsync(("MOBILE_NUMBER", "15550001111"));

        AssertRetry(result, CodePage, "code.empty");
        Assert.Empty(harness.Directory.ClaimsSet);
    }

    [Fact]
    public async Task Initiate_SmsOtpDisabledByUserAndNotMandatory_SkipsStepWithoutSms()
    {
        using var harness = new SmsOtpHarness(DisabledByUser(), ("SMSOTPEnableByUserClaim", true), ("SMSOTPMandatory", false));

        var result = await harness.InitiateAsync();
        AssertSucceeded(result);
        Assert.True(result.Skipped);
        Assert.Empty(harness.Sender.Sent);
    }

    [Fact]
    public async Task Initiate_SmsOtpDisabledByUserButMandatory_FailsWithSmsOtpDisable()
    {
        using var harness = new SmsOtpHarness(DisabledByUser(), ("SMSOTPEnableByUserClaim", true), ("SMSOTPMandatory", true));

        AssertFailed(await harness.InitiateAsync(), "smsotp.disable");
        Assert.Empty(harness.Sender.Sent);
    }

    [Fact]
    public async Task Initiate_SmsOtpDisabledClaimButEnableByUserClaimOff_SendsCode()
    {
        using var harness = new SmsOtpHarness(DisabledByUser(), ("SMSOTPEnableByUserClaim", false));

        AssertShowsPage(await harness.InitiateAsync(), CodePage);
        Assert.Single(harness.Sender.Sent);
    }

    [Fact]
    public async Task Initiate_NotInStoreDirectAndMandatory_AsksForNumberSendsThereSavesNothing()
    {
        using var harness = new SmsOtpHarness(("SendOTPDirectlyToMobile", true), ("SMSOTPMandatory", true), ("BackupCode", true));
        harness.Directory.Remove(SmsOtpHarness.UserId);

        AssertShowsPage(await harness.InitiateAsync(), MobilePage);
        AssertShowsPage(await harness.PostAsync(("MOBILE_NUMBER", "+94 77 123 4567")), CodePage);
        Assert.Equal("94771234567", Assert.Single(harness.Sender.Sent).Number);

        AssertSucceeded(await harness.SubmitCodeAsync(harness.LastCode));
        Assert.Empty(harness.Directory.ClaimsSet);
        Assert.Equal(0, harness.Directory.ResetCalls);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public async Task Initiate_NotInStoreWithoutDirectAndMandatory_FailsWithUserNotFound(bool direct, bool mandatory)
    {
        using var harness = new SmsOtpHarness(("SendOTPDirectlyToMobile", direct), ("SMSOTPMandatory", mandatory));
        harness.Directory.Remove(SmsOtpHarness.UserId);

        AssertFailed(await harness.InitiateAsync(), "user.not.found");
        Assert.Empty(harness.Sender.Sent);
    }

    [Fact]
    public async Task Process_UserRemovedWhileCodePageShown_FailsWithUserNotFound()
    {
        using var harness = new SmsOtpHarness();
        await harness.InitiateAsync();
        harness.Directory.Remove(SmsOtpHarness.UserId);

        AssertFailed(await harness.SubmitCodeAsync(harness.LastCode), "user.not.found");
    }

    [Fact]
    public async Task Initiate_NoUserFromEarlierStep_FailsWithUserNotFound()
    {
        using var harness = new SmsOtpHarness();
        harness.Context = new AuthenticationStepContext
        {
            SessionDataKey = "sdk-1",
            ServiceProvider = "pickup-dispatch",
            StepNumber = 1,
            State = new Dictionary<string, string>(),
            IdentityProvider = harness.Context.IdentityProvider,
        };

        AssertFailed(await harness.InitiateAsync(), "user.not.found");
    }

    [Fact]
    public async Task Initiate_ProviderFails_FailsWithUnableSendCodeAndLogsDetailButNoCode()
    {
        using var harness = new SmsOtpHarness();
        harness.Sender.FailNextSends = true;

        var result = await harness.InitiateAsync();

        AssertFailed(result, "unable.send.code");
        Assert.Contains(harness.Logs.Lines, line => line.Contains("non-whitelisted destination", StringComparison.Ordinal));
        Assert.DoesNotContain("smsotp.codeHash", harness.Context.State.Keys);
    }

    [Fact]
    public async Task Initiate_ProviderCertificateUntrusted_FailsWithSmsProviderUntrusted()
    {
        using var harness = new SmsOtpHarness();
        harness.Sender.FailNextSends = true;
        harness.Sender.FailureReason = SmsFailureReason.Untrusted;

        AssertFailed(await harness.InitiateAsync(), "sms.provider.untrusted");
    }

    [Theory]
    [InlineData(SmsFailureReason.Timeout)]
    [InlineData(SmsFailureReason.Unreachable)]
    [InlineData(SmsFailureReason.Misconfigured)]
    [InlineData(SmsFailureReason.NumberRefused)]
    public async Task Initiate_ProviderFailsOtherwise_FailsWithUnableSendCode(SmsFailureReason reason)
    {
        using var harness = new SmsOtpHarness();
        harness.Sender.FailNextSends = true;
        harness.Sender.FailureReason = reason;

        AssertFailed(await harness.InitiateAsync(), "unable.send.code");
    }

    [Fact]
    public async Task Initiate_SendLimitReached_FailsWithSmsRateLimited()
    {
        using var harness = new SmsOtpHarness();
        harness.Sender.FailNextSends = true;
        harness.Sender.FailureReason = SmsFailureReason.RateLimited;

        AssertFailed(await harness.InitiateAsync(), "sms.rate.limited");
    }

    [Fact]
    public async Task Process_CapturedNumberRefusedBySendLimits_MobilePageAgainNothingSaved()
    {
        using var harness = new SmsOtpHarness(NoClaims, ("CaptureAndUpdateMobileNumber", true));
        await harness.InitiateAsync();
        harness.Sender.FailNextSends = true;
        harness.Sender.FailureReason = SmsFailureReason.NumberRefused;

        AssertRetry(await harness.PostAsync(("MOBILE_NUMBER", "+94771234567")), MobilePage, "mobile.invalid");

        Assert.False(harness.Context.State.ContainsKey("smsotp.pendingNumber"));
        harness.Sender.FailNextSends = false;
        AssertShowsPage(await harness.PostAsync(("MOBILE_NUMBER", "+94778888888")), CodePage);
        AssertSucceeded(await harness.SubmitCodeAsync(harness.LastCode));
        Assert.Equal("94778888888", Assert.Single(harness.Directory.ClaimsSet).Value);
    }

    [Fact]
    public async Task Initiate_StepWithoutIdentityProvider_FailsWithUnableSendCode()
    {
        using var harness = new SmsOtpHarness();
        harness.Context = SmsOtpHarness.NewContext(idp: null);

        AssertFailed(await harness.InitiateAsync(), "unable.send.code");
        Assert.Empty(harness.Sender.Sent);
    }

    private static Dictionary<string, string> DisabledByUser() => new()
    {
        [SmsOtpClaims.Mobile] = SmsOtpHarness.Mobile,
        [SmsOtpClaims.Disabled] = "true",
    };
}
