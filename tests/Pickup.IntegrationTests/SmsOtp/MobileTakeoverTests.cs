using System.Net;
using Pickup.IntegrationTests.Infrastructure;
using static Pickup.IntegrationTests.SmsOtp.SmsOtpJourney;

namespace Pickup.IntegrationTests.SmsOtp;

/// <summary>
/// Issue 9, item 1, over real HTTP with the reference's parameters and Pickup Dispatch (sub = the mobile claim): a
/// driver with no number must never end up with another driver's number, nor with an ID token whose sub is it.
/// </summary>
public sealed class MobileTakeoverTests : IClassFixture<SmsOtpEngines>
{
    private const string Mobile = "http://wso2.org/claims/mobile";
    private const string CodePath = "/smsotpauthenticationendpoint/smsotp";
    private const string MobilePath = "/smsotpauthenticationendpoint/mobile";

    // The reference block as written: BackupCode = true, CaptureAndUpdateMobileNumber = true.
    private static readonly ParameterSet Reference = new(
        "takeover: reference block",
        new Dictionary<string, string>(),
        ParameterSet.Expect("code", "mobile", "skip", "error:user.account.locked", "error:user.not.found"));

    private static readonly ParameterSet NoBackupCodes = new(
        "takeover: BackupCode = false",
        new Dictionary<string, string> { ["BackupCode"] = "false" },
        ParameterSet.Expect("code", "mobile", "skip", "error:user.account.locked", "error:user.not.found"));

    private static int _victims;

    private readonly SmsOtpEngines _engines;

    public MobileTakeoverTests(SmsOtpEngines engines)
    {
        _engines = engines;
    }

    [Fact]
    public async Task MobilePage_VictimsNumberThenOwnBackupCode_NeitherSavesItNorMakesItTheSubject()
    {
        await _engines.UseAsync(Reference);
        var victimNumber = await AddVictimAsync();
        using var attacker = await BeginAsync(_engines, Reference, Situation.NoMobile);
        var backupCodes = await BackupCodeCommand.IssueAsync(_engines.Engine.App.Services, attacker.Username);
        AssertRedirect(await attacker.ReachSmsStepAsync(), MobilePath);

        // The victim's number, typed as people type it: refused before any code goes to the victim, without saying whose.
        var refused = await attacker.SubmitMobileAsync($"+{victimNumber[..2]} {victimNumber[2..4]} {victimNumber[4..]}");
        AssertRedirect(refused, MobilePath, "mobile.unavailable");
        Assert.Empty(attacker.MessagesTo(victimNumber));
        var page = await attacker.PageHtmlAsync(refused);
        Assert.DoesNotContain("victim", page, StringComparison.OrdinalIgnoreCase);

        // Her own number, then one of her backup codes: refused with a sentence, not used up, nothing saved.
        var own = FreshNumber();
        AssertRedirect(await attacker.SubmitMobileAsync(own), CodePath);
        var backup = await attacker.SubmitCodeAsync(backupCodes[0]);
        AssertRedirect(backup, CodePath, "backup.code.new.number");
        Assert.Contains("backup code", await attacker.PageHtmlAsync(backup), StringComparison.Ordinal);
        var user = (await attacker.UserAsync())!;
        Assert.False(user.Claims.ContainsKey(Mobile), "a backup code saved a number");
        Assert.Equal(10, user.UnusedBackupCodes());

        // Only the code sent to the typed number saves it, and the token's sub is that number.
        var done = await attacker.SubmitCodeAsync(attacker.LatestCode(own));
        Assert.Equal(own, await SubjectAsync(attacker, done));
        Assert.Equal(own, (await attacker.UserAsync())!.Claims[Mobile]);
    }

    [Fact]
    public async Task MobilePage_BackupCodeOffAndNumberPending_BackupCodeIsJustAWrongCode()
    {
        await _engines.UseAsync(NoBackupCodes);
        using var driver = await BeginAsync(_engines, NoBackupCodes, Situation.NoMobile);
        var backupCodes = await BackupCodeCommand.IssueAsync(_engines.Engine.App.Services, driver.Username);
        AssertRedirect(await driver.ReachSmsStepAsync(), MobilePath);
        var own = FreshNumber();
        AssertRedirect(await driver.SubmitMobileAsync(own), CodePath);

        AssertRedirect(await driver.SubmitCodeAsync(backupCodes[0]), CodePath, "code.mismatch");
        var user = (await driver.UserAsync())!;
        Assert.False(user.Claims.ContainsKey(Mobile));
        Assert.Equal(10, user.UnusedBackupCodes());

        var done = await driver.SubmitCodeAsync(driver.LatestCode(own));
        Assert.Equal(own, await SubjectAsync(driver, done));
    }

    [Fact]
    public async Task MobilePage_TwoDriversCaptureOneNumberAtOnce_SecondToVerifyGetsASentenceAndKeepsNothing()
    {
        await _engines.UseAsync(Reference);
        using var first = await BeginAsync(_engines, Reference, Situation.NoMobile);
        using var second = await BeginAsync(_engines, Reference, Situation.NoMobile);
        AssertRedirect(await first.ReachSmsStepAsync(), MobilePath);
        AssertRedirect(await second.ReachSmsStepAsync(), MobilePath);
        var number = FreshNumber();

        // Neither has saved it yet, so both are sent a code.
        AssertRedirect(await first.SubmitMobileAsync(number), CodePath);
        var firstCode = first.LatestCode(number);
        AssertRedirect(await second.SubmitMobileAsync(number), CodePath);
        var secondCode = second.LatestCode(number);

        Assert.Equal(number, await SubjectAsync(first, await first.SubmitCodeAsync(firstCode)));

        var late = await second.SubmitCodeAsync(secondCode);
        AssertRedirect(late, MobilePath, "mobile.unavailable");
        Assert.False(string.IsNullOrEmpty(await second.PageHtmlAsync(late)));
        Assert.False((await second.UserAsync())!.Claims.ContainsKey(Mobile));
        Assert.Equal(number, (await first.UserAsync())!.Claims[Mobile]);

        // She can still finish with a number of her own.
        var own = FreshNumber();
        AssertRedirect(await second.SubmitMobileAsync(own), CodePath);
        Assert.Equal(own, await SubjectAsync(second, await second.SubmitCodeAsync(second.LatestCode(own))));
    }

    // A driver who has a number: the one the attacker types.
    private async Task<string> AddVictimAsync()
    {
        var n = Interlocked.Increment(ref _victims);
        var number = NumberFor(8_000_000 + n);
        await _engines.Engine.AddDriverAsync("victim" + n.ToString(System.Globalization.CultureInfo.InvariantCulture), Password, number);
        return number;
    }

    // Every step passed: the app redeems its code and reads the ID token's sub.
    private static async Task<string?> SubjectAsync(SmsOtpJourney journey, HttpResponseMessage completed)
    {
        AssertCompleted(completed);
        using var toApp = await journey.Browser.FollowWithinAsync(completed);
        Assert.NotEqual(HttpStatusCode.InternalServerError, toApp.StatusCode);
        var tokens = await journey.Client.RedeemAsync(journey.Client.CodeFrom(toApp));
        return OidcTestClient.Payload(tokens.GetProperty("id_token").GetString()!).GetProperty("sub").GetString();
    }
}
