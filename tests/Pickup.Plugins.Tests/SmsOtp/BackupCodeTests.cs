using static Pickup.Plugins.Tests.SmsOtp.Results;

namespace Pickup.Plugins.Tests.SmsOtp;

/// <summary>BackupCode: a backup code typed in the OTPcode field.</summary>
public sealed class BackupCodeTests
{
    private const string Backup = "12345678";

    [Fact]
    public async Task Process_BackupCodeOnAndUnusedBackupCode_SucceedsAndConsumesIt()
    {
        using var harness = new SmsOtpHarness(("BackupCode", true), ("TokenLength", 6L));
        harness.Credentials.AddBackupCodes(SmsOtpHarness.UserId, Backup, "87654321");
        await harness.InitiateAsync();

        AssertSucceeded(await harness.SubmitCodeAsync("1234 5678"));

        Assert.False(await harness.Credentials.RedeemBackupCodeAsync(SmsOtpHarness.UserId, Backup, CancellationToken.None));
        Assert.True(await harness.Credentials.RedeemBackupCodeAsync(SmsOtpHarness.UserId, "87654321", CancellationToken.None));
    }

    [Fact]
    public async Task Process_BackupCodeOnSameBackupCodeTwice_SecondRefused()
    {
        using var harness = new SmsOtpHarness(("BackupCode", true));
        harness.Credentials.AddBackupCodes(SmsOtpHarness.UserId, Backup);
        await harness.InitiateAsync();
        AssertSucceeded(await harness.SubmitCodeAsync(Backup));

        harness.Context = SmsOtpHarness.NewContext(harness.Context.IdentityProvider);
        await harness.InitiateAsync();

        AssertRetry(await harness.SubmitCodeAsync(Backup), CodePage, "code.mismatch");
    }

    [Fact]
    public async Task Process_BackupCodeOnAndSmsCodeExpired_BackupCodeStillAccepted()
    {
        using var harness = new SmsOtpHarness(("BackupCode", true));
        harness.Credentials.AddBackupCodes(SmsOtpHarness.UserId, Backup);
        await harness.InitiateAsync();
        harness.Time.Advance(TimeSpan.FromHours(1));

        AssertSucceeded(await harness.SubmitCodeAsync(Backup));
    }

    [Fact]
    public async Task Process_BackupCodeOff_BackupCodeRefusedAndNotConsumed()
    {
        using var harness = new SmsOtpHarness(("BackupCode", false));
        harness.Credentials.AddBackupCodes(SmsOtpHarness.UserId, Backup);
        await harness.InitiateAsync();

        AssertRetry(await harness.SubmitCodeAsync(Backup), CodePage, "code.mismatch");

        Assert.True(await harness.Credentials.RedeemBackupCodeAsync(SmsOtpHarness.UserId, Backup, CancellationToken.None));
    }

    [Fact]
    public async Task Process_BackupCodeOnSmsCodeTyped_SmsCodeWinsAndBackupCodesUntouched()
    {
        using var harness = new SmsOtpHarness(("BackupCode", true));
        harness.Credentials.AddBackupCodes(SmsOtpHarness.UserId, Backup);
        await harness.InitiateAsync();

        AssertSucceeded(await harness.SubmitCodeAsync(harness.LastCode));

        Assert.True(await harness.Credentials.RedeemBackupCodeAsync(SmsOtpHarness.UserId, Backup, CancellationToken.None));
    }
}
