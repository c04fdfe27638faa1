using static Pickup.Plugins.Tests.SmsOtp.Results;

namespace Pickup.Plugins.Tests.SmsOtp;

public sealed class ResendTests
{
    [Fact]
    public async Task Resend_AfterCooldown_SendsNewCodeAndOldOneIsRejected()
    {
        using var harness = new SmsOtpHarness();
        await harness.InitiateAsync();
        var oldCode = harness.LastCode;
        harness.Time.Advance(TimeSpan.FromSeconds(30));

        var resend = await harness.ResendAsync();
        var newCode = harness.LastCode;

        AssertShowsPage(resend, CodePage);
        Assert.Equal("true", resend.Query["resent"]);
        Assert.Equal(2, harness.Sender.Sent.Count);

        // One time in a million the new code happens to equal the old one; then there is no old code to reject.
        if (oldCode != newCode)
        {
            AssertRetry(await harness.SubmitCodeAsync(oldCode), CodePage, "code.mismatch");
        }

        AssertSucceeded(await harness.SubmitCodeAsync(newCode));
    }

    [Fact]
    public async Task Resend_Accepted_ReplacesStoredHashAndSalt()
    {
        using var harness = new SmsOtpHarness(("ResendCooldown", 0L));
        await harness.InitiateAsync();
        var oldHash = harness.Context.State["smsotp.codeHash"];
        var oldSalt = harness.Context.State["smsotp.codeSalt"];

        await harness.ResendAsync();

        Assert.NotEqual(oldHash, harness.Context.State["smsotp.codeHash"]);
        Assert.NotEqual(oldSalt, harness.Context.State["smsotp.codeSalt"]);
    }

    [Fact]
    public async Task Resend_WithinCooldown_RetriesResendTooSoonWithoutSending()
    {
        using var harness = new SmsOtpHarness();
        await harness.InitiateAsync();
        var code = harness.LastCode;
        harness.Time.Advance(TimeSpan.FromSeconds(29));

        var result = await harness.ResendAsync();

        AssertRetry(result, CodePage, "resend.too.soon");
        Assert.Single(harness.Sender.Sent);
        AssertSucceeded(await harness.SubmitCodeAsync(code));
    }

    [Fact]
    public async Task Resend_ResendDisabled_RefusesForgedResendAndKeepsCode()
    {
        using var harness = new SmsOtpHarness(("ResendEnable", false), ("ResendCooldown", 0L));
        await harness.InitiateAsync();
        var code = harness.LastCode;

        var result = await harness.ResendAsync();

        AssertRetry(result, CodePage, "resend.disabled");
        Assert.Single(harness.Sender.Sent);
        AssertSucceeded(await harness.SubmitCodeAsync(code));
    }

    [Fact]
    public async Task Resend_BeyondMaxResends_FailsWithResentCountExceeded()
    {
        using var harness = new SmsOtpHarness(("MaximumResendAttempts", 2L), ("ResendCooldown", 0L));
        await harness.InitiateAsync();

        AssertShowsPage(await harness.ResendAsync(), CodePage);
        AssertShowsPage(await harness.ResendAsync(), CodePage);
        var third = await harness.ResendAsync();

        AssertFailed(third, "resent.count.exceeded");
        Assert.Equal(3, harness.Sender.Sent.Count);
    }

    [Fact]
    public async Task Resend_DefaultCooldownThirtySeconds_AllowedAtThirty()
    {
        using var harness = new SmsOtpHarness();
        await harness.InitiateAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(30));

        AssertShowsPage(await harness.ResendAsync(), CodePage);
        Assert.Equal(2, harness.Sender.Sent.Count);
    }

    [Fact]
    public async Task Resend_CooldownZero_AllowedImmediately()
    {
        using var harness = new SmsOtpHarness(("ResendCooldown", 0L));
        await harness.InitiateAsync();

        AssertShowsPage(await harness.ResendAsync(), CodePage);
        Assert.Equal(2, harness.Sender.Sent.Count);
    }

    [Fact]
    public async Task Resend_DefaultMaximumThree_FourthRefused()
    {
        using var harness = new SmsOtpHarness(("ResendCooldown", 0L));
        await harness.InitiateAsync();

        for (var i = 0; i < 3; i++)
        {
            AssertShowsPage(await harness.ResendAsync(), CodePage);
        }

        AssertFailed(await harness.ResendAsync(), "resent.count.exceeded");
        Assert.Equal(4, harness.Sender.Sent.Count);
    }

    [Fact]
    public async Task Resend_AccountLockedMeanwhile_FailsWithoutSending()
    {
        using var harness = new SmsOtpHarness(("ResendCooldown", 0L));
        await harness.InitiateAsync();
        harness.Directory.Lock(SmsOtpHarness.UserId);

        AssertFailed(await harness.ResendAsync(), "user.account.locked");
        Assert.Single(harness.Sender.Sent);
    }

    [Fact]
    public async Task Resend_ProviderFails_FailsWithUnableSendCode()
    {
        using var harness = new SmsOtpHarness(("ResendCooldown", 0L));
        await harness.InitiateAsync();
        harness.Sender.FailNextSends = true;

        var result = await harness.ResendAsync();

        AssertFailed(result, "unable.send.code");
    }
}
