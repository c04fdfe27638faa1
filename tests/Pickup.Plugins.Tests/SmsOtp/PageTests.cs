using Pickup.Plugins.SmsOtp.Pages;
using static Pickup.Plugins.Tests.SmsOtp.Results;

namespace Pickup.Plugins.Tests.SmsOtp;

public sealed class PageTests
{
    [Fact]
    public async Task RenderPage_CodePageAfterSend_ShowsOnlyLastFourDigitsAndCooldown()
    {
        using var harness = new SmsOtpHarness();
        await harness.InitiateAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(10));

        var view = await harness.RenderAsync(CodePage);

        var model = Assert.IsType<SmsOtpPageModel>(view!.Model);
        Assert.Equal(CodePage, view.Template);
        Assert.Equal("******8888", model.MaskedNumber);
        Assert.DoesNotContain("9477", model.MaskedNumber, StringComparison.Ordinal);
        Assert.True(model.ResendEnabled);
        Assert.Null(model.ErrorMessage);
        Assert.Equal(20, model.ResendWaitSeconds);
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
    public async Task RenderPage_CodePageWithResendsUsedUp_HidesResend()
    {
        using var harness = new SmsOtpHarness(("MaxResends", 1L), ("ResendCooldownSeconds", 0L));
        await harness.InitiateAsync();
        var before = Assert.IsType<SmsOtpPageModel>((await harness.RenderAsync(CodePage))!.Model);
        await harness.ResendAsync();

        var after = Assert.IsType<SmsOtpPageModel>((await harness.RenderAsync(CodePage))!.Model);

        Assert.True(before.ResendEnabled);
        Assert.False(after.ResendEnabled);
    }

    [Fact]
    public async Task RenderPage_CodePageAfterWrongCode_ShowsSentence()
    {
        using var harness = new SmsOtpHarness();
        await harness.InitiateAsync();

        var model = Assert.IsType<SmsOtpPageModel>((await harness.RenderAsync(CodePage, ("authFailure", "true"), ("authFailureMsg", "code.mismatch")))!.Model);

        Assert.Equal("That code is not right. Please check the text message and try again.", model.ErrorMessage);
    }

    [Fact]
    public async Task RenderPage_CodePageAfterCodeDied_TellsDriverToResend()
    {
        using var harness = new SmsOtpHarness(("MaxAttemptsPerCode", 1L));
        await harness.InitiateAsync();
        await harness.SubmitCodeAsync("000000x");

        var model = Assert.IsType<SmsOtpPageModel>((await harness.RenderAsync(CodePage, ("authFailure", "true"), ("authFailureMsg", "code.mismatch")))!.Model);

        Assert.Contains("can no longer be used", model.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("Resend code", model.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderPage_AfterResend_ShowsNotice()
    {
        using var harness = new SmsOtpHarness(("ResendCooldownSeconds", 0L));
        await harness.InitiateAsync();
        var resend = await harness.ResendAsync();

        var model = Assert.IsType<SmsOtpPageModel>((await harness.RenderAsync(CodePage, resend.Query.Select(q => (q.Key, q.Value)).ToArray()))!.Model);

        Assert.Equal("We sent you a new code.", model.NoticeMessage);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("no.such.key")]
    public async Task RenderPage_UnknownFailureKey_GenericSentenceNeverTheRawText(string key)
    {
        using var harness = new SmsOtpHarness();

        var code = Assert.IsType<SmsOtpPageModel>((await harness.RenderAsync(CodePage, ("authFailure", "true"), ("authFailureMsg", key)))!.Model);
        var error = Assert.IsType<SmsOtpErrorPageModel>((await harness.RenderAsync(ErrorPage, ("authFailure", "true"), ("authFailureMsg", key)))!.Model);
        var mobile = Assert.IsType<MobilePageModel>((await harness.RenderAsync(MobilePage, ("authFailure", "true"), ("authFailureMsg", key)))!.Model);

        Assert.Equal(SmsOtpMessages.Generic, code.ErrorMessage);
        Assert.Equal(SmsOtpMessages.Generic, error.Message);
        Assert.Equal(SmsOtpMessages.Generic, mobile.ErrorMessage);
    }

    [Theory]
    [InlineData("unable.send.code", "We couldn't send a code to your phone just now. Please try again in a few minutes.")]
    [InlineData("mobile.number.not.found", "There is no mobile number on your account, so we can't send you a code. Please ask your administrator to add one.")]
    [InlineData("resent.count.exceeded", "You asked for too many new codes. Please wait a while, then sign in again.")]
    public async Task RenderPage_ErrorPage_ShowsSentenceForKey(string key, string sentence)
    {
        using var harness = new SmsOtpHarness();

        var view = await harness.RenderAsync(ErrorPage, ("authFailure", "true"), ("authFailureMsg", key));

        var model = Assert.IsType<SmsOtpErrorPageModel>(view!.Model);
        Assert.Equal(sentence, model.Message);
        Assert.Null(model.RetryUrl);
    }

    [Fact]
    public async Task RenderPage_MobilePageAfterInvalidNumber_ShowsSentence()
    {
        using var harness = new SmsOtpHarness();

        var withError = Assert.IsType<MobilePageModel>((await harness.RenderAsync(MobilePage, ("authFailure", "true"), ("authFailureMsg", "mobile.invalid")))!.Model);
        var plain = Assert.IsType<MobilePageModel>((await harness.RenderAsync(MobilePage))!.Model);

        Assert.StartsWith("Please enter your mobile number with the country code", withError.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(plain.ErrorMessage);
    }

    [Fact]
    public async Task RenderPage_NotOneOfItsPages_ReturnsNull()
    {
        using var harness = new SmsOtpHarness();

        Assert.Null(await harness.RenderAsync("authenticationendpoint/login"));
    }
}
