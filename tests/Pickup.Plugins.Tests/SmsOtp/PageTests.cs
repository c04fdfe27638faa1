using Pickup.Plugins.SmsOtp.Pages;
using static Pickup.Plugins.Tests.SmsOtp.Results;

namespace Pickup.Plugins.Tests.SmsOtp;

public sealed class PageTests
{
    [Fact]
    public async Task RenderPage_CodePageAfterSend_ModelHasMaskedNumberCooldownAndCodeShape()
    {
        using var harness = new SmsOtpHarness();
        await harness.InitiateAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(10));

        var view = await harness.RenderAsync(CodePage);

        var model = Assert.IsType<SmsOtpPageModel>(view!.Model);
        Assert.Equal(CodePage, view.Template);
        Assert.Equal(new SmsOtpPageModel("*******8888", true, 20, null, null, 6, true, false), model);
    }

    [Fact]
    public async Task RenderPage_MaskMobileNumberFalse_ShowsWholeNumber()
    {
        using var harness = new SmsOtpHarness(("MaskMobileNumber", false));
        await harness.InitiateAsync();

        var model = Assert.IsType<SmsOtpPageModel>((await harness.RenderAsync(CodePage))!.Model);

        Assert.Equal("+94778888888", model.MaskedNumber);
    }

    [Fact]
    public async Task RenderPage_MaskMobileNumberTrue_ShowsOnlyLastFourDigits()
    {
        using var harness = new SmsOtpHarness(("MaskMobileNumber", true));
        await harness.InitiateAsync();

        var model = Assert.IsType<SmsOtpPageModel>((await harness.RenderAsync(CodePage))!.Model);

        Assert.Equal("*******8888", model.MaskedNumber);
    }

    [Fact]
    public async Task RenderPage_AlphanumericLongerCodesAndBackupCodes_ModelSaysSo()
    {
        using var harness = new SmsOtpHarness(("EnableAlphanumericToken", true), ("TokenLength", 8L), ("BackupCode", true));
        await harness.InitiateAsync();

        var model = Assert.IsType<SmsOtpPageModel>((await harness.RenderAsync(CodePage))!.Model);

        Assert.Equal((8, false, true), (model.CodeLength, model.Numeric, model.BackupCodeEnabled));
    }

    [Fact]
    public async Task RenderPage_CodePageWithResendDisabled_HidesResend()
    {
        using var harness = new SmsOtpHarness(("ResendEnable", false));
        await harness.InitiateAsync();

        var model = Assert.IsType<SmsOtpPageModel>((await harness.RenderAsync(CodePage))!.Model);

        Assert.False(model.ResendEnabled);
        Assert.Equal(0, model.ResendWaitSeconds);
    }

    [Fact]
    public async Task RenderPage_CodePageWithResendEnabled_ShowsResendFromFirstDisplay()
    {
        using var harness = new SmsOtpHarness(("ResendEnable", true));
        await harness.InitiateAsync();

        var model = Assert.IsType<SmsOtpPageModel>((await harness.RenderAsync(CodePage))!.Model);

        Assert.True(model.ResendEnabled);
        Assert.Equal(30, model.ResendWaitSeconds);
    }

    [Fact]
    public async Task RenderPage_CodePageWithResendsUsedUp_HidesResend()
    {
        using var harness = new SmsOtpHarness(("MaximumResendAttempts", 1L), ("ResendCooldown", 0L));
        await harness.InitiateAsync();
        var before = Assert.IsType<SmsOtpPageModel>((await harness.RenderAsync(CodePage))!.Model);
        await harness.ResendAsync();

        var after = Assert.IsType<SmsOtpPageModel>((await harness.RenderAsync(CodePage))!.Model);

        Assert.True(before.ResendEnabled);
        Assert.False(after.ResendEnabled);
    }

    [Fact]
    public async Task RenderPage_CodePageAfterWrongCode_CarriesTheKey()
    {
        using var harness = new SmsOtpHarness();
        await harness.InitiateAsync();

        var model = Assert.IsType<SmsOtpPageModel>((await harness.RenderAsync(CodePage, ("authFailure", "true"), ("authFailureMsg", "code.mismatch")))!.Model);

        Assert.Equal("code.mismatch", model.ErrorKey);
        Assert.Null(model.NoticeKey);
    }

    [Fact]
    public async Task RenderPage_AfterResend_CarriesResentNotice()
    {
        using var harness = new SmsOtpHarness(("ResendCooldown", 0L));
        await harness.InitiateAsync();
        var resend = await harness.ResendAsync();

        var model = Assert.IsType<SmsOtpPageModel>((await harness.RenderAsync(CodePage, resend.Query.Select(q => (q.Key, q.Value)).ToArray()))!.Model);

        Assert.Equal("smsotp.resent", model.NoticeKey);
        Assert.Null(model.ErrorKey);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("no.such.key")]
    [InlineData("")]
    public async Task RenderPage_UnknownFailureKey_GenericKeyNeverTheRawText(string key)
    {
        using var harness = new SmsOtpHarness();

        var code = Assert.IsType<SmsOtpPageModel>((await harness.RenderAsync(CodePage, ("authFailure", "true"), ("authFailureMsg", key)))!.Model);
        var error = Assert.IsType<SmsOtpErrorPageModel>((await harness.RenderAsync(ErrorPage, ("authFailure", "true"), ("authFailureMsg", key)))!.Model);
        var mobile = Assert.IsType<MobilePageModel>((await harness.RenderAsync(MobilePage, ("authFailure", "true"), ("authFailureMsg", key)))!.Model);

        Assert.Equal("error.generic", code.ErrorKey);
        Assert.Equal("error.generic", error.MessageKey);
        Assert.Equal("error.generic", mobile.ErrorKey);
    }

    [Theory]
    [InlineData("unable.send.code")]
    [InlineData("mobile.number.not.found")]
    [InlineData("resent.count.exceeded")]
    [InlineData("user.account.locked")]
    [InlineData("sms.provider.untrusted")]
    [InlineData("smsotp.disable")]
    public async Task RenderPage_ErrorPageWithKnownKey_CarriesTheKey(string key)
    {
        using var harness = new SmsOtpHarness();

        var view = await harness.RenderAsync(ErrorPage, ("authFailure", "true"), ("authFailureMsg", key));

        Assert.Equal(key, Assert.IsType<SmsOtpErrorPageModel>(view!.Model).MessageKey);
    }

    [Fact]
    public async Task RenderPage_ErrorPageWithoutKey_GenericKey()
    {
        using var harness = new SmsOtpHarness();

        var view = await harness.RenderAsync(ErrorPage);

        Assert.Equal("error.generic", Assert.IsType<SmsOtpErrorPageModel>(view!.Model).MessageKey);
    }

    [Fact]
    public async Task RenderPage_MobilePage_CarriesKeyAndDefaultRegion()
    {
        using var harness = new SmsOtpHarness(("DefaultRegion", "lk"));

        var withError = Assert.IsType<MobilePageModel>((await harness.RenderAsync(MobilePage, ("authFailure", "true"), ("authFailureMsg", "mobile.invalid")))!.Model);
        var plain = Assert.IsType<MobilePageModel>((await harness.RenderAsync(MobilePage))!.Model);

        Assert.Equal(new MobilePageModel("mobile.invalid", "LK"), withError);
        Assert.Equal(new MobilePageModel(null, "LK"), plain);
    }

    [Fact]
    public async Task RenderPage_MobilePageWithoutDefaultRegion_EmptyRegion()
    {
        using var harness = new SmsOtpHarness();

        var model = Assert.IsType<MobilePageModel>((await harness.RenderAsync(MobilePage))!.Model);

        Assert.Equal(string.Empty, model.DefaultRegion);
    }

    [Fact]
    public async Task RenderPage_NotOneOfItsPages_ReturnsNull()
    {
        using var harness = new SmsOtpHarness();

        Assert.Null(await harness.RenderAsync("authenticationendpoint/login"));
    }
}
