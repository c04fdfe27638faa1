using Pickup.Abstractions.Authentication;
using Pickup.Plugins.SmsOtp;
using Pickup.Plugins.SmsOtp.Pages;
using static Pickup.Plugins.Tests.SmsOtp.Results;

namespace Pickup.Plugins.Tests.SmsOtp;

/// <summary>
/// Issue 9, item 1: a driver without a number must not take over another driver's identity through the mobile page,
/// neither with a backup code nor by typing a number someone already has.
/// </summary>
public sealed class MobileTakeoverTests
{
    private const string Backup = "12345678";
    private const string VictimId = "u-victim";
    private const string VictimMobile = "94771234567";
    private const string TypedNumber = "94775550001";

    private static readonly Dictionary<string, string> NoClaims = [];

    [Fact]
    public async Task Process_BackupCodeWhileTypedNumberPending_RefusedNotConsumedAndNothingSaved()
    {
        using var harness = await CapturingAsync(backupCode: true);
        AssertShowsPage(await harness.PostAsync(("MOBILE_NUMBER", TypedNumber)), CodePage);

        AssertRetry(await harness.SubmitCodeAsync(Backup), CodePage, FailureKeys.BackupCodeNotForNewNumber);

        Assert.Empty(harness.Directory.ClaimsSet);
        Assert.Equal(TypedNumber, harness.Context.State["smsotp.pendingNumber"]);

        // Only the code sent to the typed number saves it.
        AssertSucceeded(await harness.SubmitCodeAsync(harness.LastCode));
        Assert.Equal((SmsOtpHarness.UserId, SmsOtpClaims.Mobile, TypedNumber), Assert.Single(harness.Directory.ClaimsSet));
        Assert.True(await harness.Credentials.RedeemBackupCodeAsync(SmsOtpHarness.UserId, Backup, CancellationToken.None), "the backup code was not used up");
    }

    [Fact]
    public async Task Process_BackupCodeOfTheVictimsFlow_TypedVictimNumberNeverReachesTheProfile()
    {
        // The attack as filed: the victim's number typed on the mobile page, then the attacker's own backup code.
        // The number is refused before any code goes to the victim, and a backup code never saves a number anyway.
        using var harness = await CapturingAsync(backupCode: true);
        harness.Directory.Add(VictimId, "victim", new Dictionary<string, string> { [SmsOtpClaims.Mobile] = VictimMobile });

        AssertRetry(await harness.PostAsync(("MOBILE_NUMBER", "+94 77 123 4567")), MobilePage, FailureKeys.MobileUnavailable);
        Assert.Empty(harness.Sender.Sent);

        AssertShowsPage(await harness.PostAsync(("MOBILE_NUMBER", TypedNumber)), CodePage);
        AssertRetry(await harness.SubmitCodeAsync(Backup), CodePage, FailureKeys.BackupCodeNotForNewNumber);
        Assert.Empty(harness.Directory.ClaimsSet);
        Assert.False(harness.Directory.ClaimsOf(SmsOtpHarness.UserId).ContainsKey(SmsOtpClaims.Mobile));
    }

    [Fact]
    public async Task Process_BackupCodeOffWhileTypedNumberPending_JustAWrongCode()
    {
        using var harness = await CapturingAsync(backupCode: false);
        AssertShowsPage(await harness.PostAsync(("MOBILE_NUMBER", TypedNumber)), CodePage);

        AssertRetry(await harness.SubmitCodeAsync(Backup), CodePage, FailureKeys.CodeMismatch);

        Assert.Empty(harness.Directory.ClaimsSet);
        Assert.Equal(1, harness.Directory.FailuresOf(SmsOtpHarness.UserId));
        Assert.True(await harness.Credentials.RedeemBackupCodeAsync(SmsOtpHarness.UserId, Backup, CancellationToken.None));
    }

    [Fact]
    public async Task Process_BackupCodeWithNumberOnFile_StillPassesTheStep()
    {
        using var harness = new SmsOtpHarness(("BackupCode", true), ("CaptureAndUpdateMobileNumber", true));
        harness.Credentials.AddBackupCodes(SmsOtpHarness.UserId, Backup);
        AssertShowsPage(await harness.InitiateAsync(), CodePage);

        AssertSucceeded(await harness.SubmitCodeAsync(Backup));
        Assert.Empty(harness.Directory.ClaimsSet);
    }

    [Fact]
    public async Task Render_CodePageWhileTypedNumberPending_OffersNoBackupCode()
    {
        using var harness = await CapturingAsync(backupCode: true);
        await harness.PostAsync(("MOBILE_NUMBER", TypedNumber));

        var model = Assert.IsType<SmsOtpPageModel>((await harness.RenderAsync(CodePage))!.Model);

        Assert.False(model.BackupCodeEnabled);
    }

    [Theory]
    [InlineData("94771234567")]
    [InlineData("+94 77-123 4567")]
    public async Task Process_TypedNumberAnotherUserHas_RefusedBeforeAnySms(string typed)
    {
        using var harness = await CapturingAsync(backupCode: false);
        harness.Directory.Add(VictimId, "victim", new Dictionary<string, string> { [SmsOtpClaims.Mobile] = VictimMobile });

        AssertRetry(await harness.PostAsync(("MOBILE_NUMBER", typed)), MobilePage, FailureKeys.MobileUnavailable);

        Assert.Empty(harness.Sender.Sent);
        Assert.Empty(harness.Directory.ClaimsSet);
        Assert.False(harness.Context.State.ContainsKey("smsotp.pendingNumber"));
        Assert.DoesNotContain(harness.Logs.Lines, l => l.Contains("victim", StringComparison.Ordinal) || l.Contains(VictimMobile, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Process_AnotherUserSavedTheNumberFirst_MobilePageAgainAndNothingSaved()
    {
        using var harness = await CapturingAsync(backupCode: true);
        AssertShowsPage(await harness.PostAsync(("MOBILE_NUMBER", TypedNumber)), CodePage);
        harness.Directory.TakenOnSave = (SmsOtpClaims.Mobile, TypedNumber);

        AssertRetry(await harness.SubmitCodeAsync(harness.LastCode), MobilePage, FailureKeys.MobileUnavailable);

        Assert.Empty(harness.Directory.ClaimsSet);
        Assert.False(harness.Context.State.ContainsKey("smsotp.pendingNumber"));
        Assert.False(harness.Context.State.ContainsKey("smsotp.codeHash"), "the used code is dead");

        // She may type another number and finish with its code.
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        AssertShowsPage(await harness.PostAsync(("MOBILE_NUMBER", "94775550002")), CodePage);
        AssertSucceeded(await harness.SubmitCodeAsync(harness.LastCode));
        Assert.Equal((SmsOtpHarness.UserId, SmsOtpClaims.Mobile, "94775550002"), Assert.Single(harness.Directory.ClaimsSet));
    }

    [Fact]
    public void WritableClaims_CaptureOn_DeclaresTheMobileClaim()
    {
        using var harness = new SmsOtpHarness(("CaptureAndUpdateMobileNumber", true));

        Assert.Equal([SmsOtpClaims.Mobile], harness.Factory.WritableClaims);
    }

    [Fact]
    public void WritableClaims_CaptureOff_DeclaresNone()
    {
        using var harness = new SmsOtpHarness(("CaptureAndUpdateMobileNumber", false));

        Assert.Empty(harness.Factory.WritableClaims);
    }

    private static async Task<SmsOtpHarness> CapturingAsync(bool backupCode)
    {
        var harness = new SmsOtpHarness(NoClaims, ("BackupCode", backupCode), ("CaptureAndUpdateMobileNumber", true), ("ResendCooldown", 0L));
        harness.Credentials.AddBackupCodes(SmsOtpHarness.UserId, Backup);
        AssertShowsPage(await harness.InitiateAsync(), MobilePage);
        return harness;
    }
}
