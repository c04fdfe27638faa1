using Pickup.Abstractions.Authentication;
using static Pickup.Plugins.Tests.SmsOtp.Results;

namespace Pickup.Plugins.Tests.SmsOtp;

public sealed class UserSituationTests
{
    private static readonly Dictionary<string, string> NoClaims = [];

    [Fact]
    public async Task Initiate_NoMobileAndCaptureOff_FailsWithMobileNumberNotFound()
    {
        using var harness = new SmsOtpHarness(NoClaims);

        var result = await harness.InitiateAsync();

        AssertFailed(result, "mobile.number.not.found");
        Assert.Empty(harness.Sender.Sent);
    }

    [Fact]
    public async Task Initiate_StoredMobileNotDigits_TreatedAsMissing()
    {
        using var harness = new SmsOtpHarness(new Dictionary<string, string> { [ClaimUris.Mobile] = "call me" });

        AssertFailed(await harness.InitiateAsync(), "mobile.number.not.found");
    }

    [Fact]
    public async Task Initiate_NoMobileAndCaptureOn_ShowsMobilePage()
    {
        using var harness = new SmsOtpHarness(NoClaims, ("CaptureAndUpdateMobileNumber", true));

        var result = await harness.InitiateAsync();

        AssertShowsPage(result, MobilePage);
        Assert.Empty(harness.Sender.Sent);
    }

    [Fact]
    public async Task Process_CapturedMobileWithPlusSpacesDashes_SavesDigitsAndSendsCode()
    {
        using var harness = new SmsOtpHarness(NoClaims, ("CaptureAndUpdateMobileNumber", true));
        await harness.InitiateAsync();

        var result = await harness.PostAsync(("MOBILE_NUMBER", "+94 77-888 8888"));

        AssertShowsPage(result, CodePage);
        Assert.Equal((SmsOtpHarness.UserId, ClaimUris.Mobile, "94778888888"), Assert.Single(harness.Directory.ClaimsSet));
        Assert.Equal("94778888888", Assert.Single(harness.Sender.Sent).Number);
        AssertSucceeded(await harness.SubmitCodeAsync(harness.LastCode));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1234567")]
    [InlineData("1234567890123456")]
    [InlineData("94 77 abc 8888")]
    [InlineData("(077) 888 8888")]
    public async Task Process_CapturedMobileNotValid_RetriesWithMobileInvalidAndSavesNothing(string typed)
    {
        using var harness = new SmsOtpHarness(NoClaims, ("CaptureAndUpdateMobileNumber", true));
        await harness.InitiateAsync();

        var result = await harness.PostAsync(("MOBILE_NUMBER", typed));

        AssertRetry(result, MobilePage, "mobile.invalid");
        Assert.Empty(harness.Directory.ClaimsSet);
        Assert.Empty(harness.Sender.Sent);
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
        Assert.Empty(harness.Sender.Sent);
    }

    [Fact]
    public async Task Initiate_SmsOtpDisabledByUserButMandatory_FailsWithSmsOtpDisable()
    {
        using var harness = new SmsOtpHarness(DisabledByUser(), ("SMSOTPEnableByUserClaim", true), ("SMSOTPMandatory", true));

        var result = await harness.InitiateAsync();

        AssertFailed(result, "smsotp.disable");
        Assert.Empty(harness.Sender.Sent);
    }

    [Fact]
    public async Task Initiate_SmsOtpDisabledClaimButEnableByUserClaimOff_SendsCode()
    {
        using var harness = new SmsOtpHarness(DisabledByUser(), ("SMSOTPEnableByUserClaim", false));

        var result = await harness.InitiateAsync();

        AssertShowsPage(result, CodePage);
        Assert.Single(harness.Sender.Sent);
    }

    [Fact]
    public async Task Initiate_NoUserFromEarlierStep_FailsWithUserNotFound()
    {
        using var harness = new SmsOtpHarness();
        harness.Context = new AuthenticationStepContext("sdk-1", "pickup-dispatch", 1, null, new Dictionary<string, string>(), harness.Context.IdentityProvider, null);

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
    public async Task Initiate_StepWithoutIdentityProvider_FailsWithUnableSendCode()
    {
        using var harness = new SmsOtpHarness();
        harness.Context = SmsOtpHarness.NewContext(idp: null);

        AssertFailed(await harness.InitiateAsync(), "unable.send.code");
        Assert.Empty(harness.Sender.Sent);
    }

    private static Dictionary<string, string> DisabledByUser() => new()
    {
        [ClaimUris.Mobile] = SmsOtpHarness.Mobile,
        [ClaimUris.SmsOtpDisabled] = "true",
    };
}
