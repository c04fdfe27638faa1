using static Pickup.Plugins.Tests.SmsOtp.CodeCheckTests;
using static Pickup.Plugins.Tests.SmsOtp.Results;

namespace Pickup.Plugins.Tests.SmsOtp;

/// <summary>redirectToMultiOptionPageOnFailure.</summary>
public sealed class RedirectTests
{
    [Fact]
    public async Task Process_RedirectOnWithOtherOptionsWrongCode_BackToOptionPage()
    {
        using var harness = new SmsOtpHarness(("redirectToMultiOptionPageOnFailure", true));
        harness.OfferOtherOptions();
        await harness.InitiateAsync();

        AssertChooseAnotherOption(await harness.SubmitCodeAsync(Wrong(harness.LastCode)), "code.mismatch");
    }

    [Fact]
    public async Task Initiate_RedirectOnWithOtherOptionsSendFails_BackToOptionPage()
    {
        using var harness = new SmsOtpHarness(("redirectToMultiOptionPageOnFailure", true));
        harness.OfferOtherOptions();
        harness.Sender.FailNextSends = true;

        AssertChooseAnotherOption(await harness.InitiateAsync(), "unable.send.code");
    }

    [Fact]
    public async Task Process_RedirectOnWithoutOtherOptions_OwnRetry()
    {
        using var harness = new SmsOtpHarness(("redirectToMultiOptionPageOnFailure", true));
        await harness.InitiateAsync();

        AssertRetry(await harness.SubmitCodeAsync(Wrong(harness.LastCode)), CodePage, "code.mismatch");
    }

    [Fact]
    public async Task Process_RedirectOffWithOtherOptions_OwnRetry()
    {
        using var harness = new SmsOtpHarness(("redirectToMultiOptionPageOnFailure", false));
        harness.OfferOtherOptions();
        await harness.InitiateAsync();

        AssertRetry(await harness.SubmitCodeAsync(Wrong(harness.LastCode)), CodePage, "code.mismatch");
    }

    [Fact]
    public async Task Process_RedirectOnWithOtherOptionsEmptyCode_StaysOnCodePage()
    {
        using var harness = new SmsOtpHarness(("redirectToMultiOptionPageOnFailure", true));
        harness.OfferOtherOptions();
        await harness.InitiateAsync();

        AssertRetry(await harness.SubmitCodeAsync(" "), CodePage, "code.empty");
    }
}
