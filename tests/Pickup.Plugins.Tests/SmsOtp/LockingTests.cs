using Pickup.Plugins.SmsOtp;
using static Pickup.Plugins.Tests.SmsOtp.CodeCheckTests;
using static Pickup.Plugins.Tests.SmsOtp.Results;

namespace Pickup.Plugins.Tests.SmsOtp;

/// <summary>EnableAccountLockingForFailedAttempts and the locked-account situation.</summary>
public sealed class LockingTests
{
    [Fact]
    public async Task Process_LockingOnWrongCode_CountsFailureOnTheAccount()
    {
        using var harness = new SmsOtpHarness(("EnableAccountLockingForFailedAttempts", true));
        await harness.InitiateAsync();

        await harness.SubmitCodeAsync(Wrong(harness.LastCode));

        Assert.Equal(1, harness.Directory.FailuresOf(SmsOtpHarness.UserId));
        Assert.Equal(["code"], harness.Directory.FailureLabels);
    }

    [Fact]
    public async Task Process_LockingOffWrongCode_AccountUntouched()
    {
        using var harness = new SmsOtpHarness(("EnableAccountLockingForFailedAttempts", false));
        await harness.InitiateAsync();

        await harness.SubmitCodeAsync(Wrong(harness.LastCode));
        AssertSucceeded(await harness.SubmitCodeAsync(harness.LastCode));

        Assert.Equal(0, harness.Directory.FailuresOf(SmsOtpHarness.UserId));
        Assert.Equal(0, harness.Directory.ResetCalls);
    }

    [Fact]
    public async Task Process_LockingOnVerifiedCode_ClearsTheAccountsFailures()
    {
        using var harness = new SmsOtpHarness();
        await harness.InitiateAsync();
        await harness.SubmitCodeAsync(Wrong(harness.LastCode));

        AssertSucceeded(await harness.SubmitCodeAsync(harness.LastCode));

        Assert.Equal(0, harness.Directory.FailuresOf(SmsOtpHarness.UserId));
        Assert.Equal(1, harness.Directory.ResetCalls);
    }

    [Fact]
    public async Task Process_WrongCodeLocksAccount_FailsWithUserAccountLocked()
    {
        using var harness = new SmsOtpHarness(("MaxAttemptsPerCode", 10L));
        await harness.InitiateAsync();
        var code = harness.LastCode;

        for (var i = 1; i < FakeUserDirectory.LockoutAfter; i++)
        {
            AssertRetry(await harness.SubmitCodeAsync(Wrong(code)), CodePage, "code.mismatch");
        }

        AssertFailed(await harness.SubmitCodeAsync(Wrong(code)), "user.account.locked");
        Assert.True(harness.Directory.IsLocked(SmsOtpHarness.UserId));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Initiate_LockedAccount_FailsWithUserAccountLockedWithoutSms(bool locking)
    {
        using var harness = new SmsOtpHarness(("EnableAccountLockingForFailedAttempts", locking));
        harness.Directory.Lock(SmsOtpHarness.UserId);

        AssertFailed(await harness.InitiateAsync(), "user.account.locked");
        Assert.Empty(harness.Sender.Sent);
    }

    [Fact]
    public async Task Initiate_LockedAccountThatTurnedSmsOtpOff_StillRefusedNotSkipped()
    {
        using var harness = new SmsOtpHarness(
            new Dictionary<string, string> { [SmsOtpClaims.Disabled] = "true" },
            ("SMSOTPEnableByUserClaim", true));
        harness.Directory.Lock(SmsOtpHarness.UserId);

        AssertFailed(await harness.InitiateAsync(), "user.account.locked");
    }

    [Fact]
    public async Task Process_AccountLockedWhileCodePageShown_RightCodeRefused()
    {
        using var harness = new SmsOtpHarness();
        await harness.InitiateAsync();
        harness.Directory.Lock(SmsOtpHarness.UserId);

        AssertFailed(await harness.SubmitCodeAsync(harness.LastCode), "user.account.locked");
    }

    [Fact]
    public async Task Process_LockedWithOtherOptionsAndRedirect_EndsOnErrorPageNotOptionPage()
    {
        using var harness = new SmsOtpHarness(("redirectToMultiOptionPageOnFailure", true));
        harness.OfferOtherOptions();
        await harness.InitiateAsync();
        harness.Directory.Lock(SmsOtpHarness.UserId);

        AssertFailed(await harness.SubmitCodeAsync(harness.LastCode), "user.account.locked");
    }
}
