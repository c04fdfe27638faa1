using Pickup.Data.Users;
using Pickup.IntegrationTests.Infrastructure;
using static Pickup.IntegrationTests.SmsOtp.SmsOtpJourney;

namespace Pickup.IntegrationTests.SmsOtp;

/// <summary>What a parameter changes after the SMS step's first move; each runs on the journey where that move was made.</summary>
internal static class Probe
{
    private const string CodePath = "/smsotpauthenticationendpoint/smsotp";
    private const string MobilePath = "/smsotpauthenticationendpoint/mobile";

    /// <summary>
    /// The reference block with Pickup's defaults: a 6-digit code in "Your Pickup code is …", the number masked, a
    /// resend button from the first display with a 30-second cool-down, a wrong code shown again and counted against
    /// the account, a code still valid when nearly 5 minutes old.
    /// </summary>
    public static async Task ReferenceCodeJourneyAsync(SmsOtpJourney j)
    {
        var mobile = j.Mobile!;
        var first = j.LatestCode(mobile);
        Assert.Matches("^[0-9]{6}$", first);
        Assert.Equal($"Your Pickup code is {first}", j.MessagesTo(mobile)[^1].Text);

        var html = await j.PageHtmlAsync(j.Last);
        Assert.Contains("*******" + mobile[^4..], html, StringComparison.Ordinal);
        Assert.DoesNotContain(mobile, html, StringComparison.Ordinal);
        Assert.Superset(new HashSet<string> { "OTPcode", "resendCode", "sessionDataKey" }, FieldNames(html, "OTPcode").ToHashSet());

        AssertRedirect(await j.ResendAsync(), CodePath, "resend.too.soon");
        Assert.Single(j.MessagesTo(mobile));

        AssertRedirect(await j.SubmitCodeAsync(Wrong(first)), CodePath, "code.mismatch");
        Assert.Equal(1, (await j.UserAsync())!.FailedAttempts);

        j.Clock.Advance(TimeSpan.FromSeconds(30));
        var resent = await j.ResendAsync();
        AssertRedirect(resent, CodePath);
        Assert.Equal("true", Query(resent)["resent"]);
        var second = j.LatestCode(mobile);
        Assert.Equal(2, j.MessagesTo(mobile).Count);
        if (second != first)
        {
            AssertRedirect(await j.SubmitCodeAsync(first), CodePath, "code.mismatch");
        }

        j.Clock.Advance(TimeSpan.FromSeconds(290));
        await j.AssertAppGetsCodeAsync(await j.SubmitCodeAsync(second));
        Assert.Equal(0, (await j.UserAsync())!.FailedAttempts);
    }

    /// <summary>CaptureAndUpdateMobileNumber = true: the typed number gets the code, and is saved only once that code is verified.</summary>
    public static async Task CaptureSavesOnlyAfterVerificationAsync(SmsOtpJourney j)
    {
        Assert.Contains("MOBILE_NUMBER", FieldNames(await j.PageHtmlAsync(j.Last), "MOBILE_NUMBER"));

        // No DefaultRegion: a national number without country code is refused.
        AssertRedirect(await j.SubmitMobileAsync("077 123 4567"), MobilePath, "mobile.invalid");

        var number = FreshNumber();
        AssertRedirect(await j.SubmitMobileAsync($"+{number[..2]} {number[2..4]} {number[4..7]}-{number[7..]}"), CodePath);
        Assert.Single(j.MessagesTo(number));
        Assert.False((await j.UserAsync())!.Claims.ContainsKey("http://wso2.org/claims/mobile"), "not saved before the code is verified");

        AssertCompleted(await j.SubmitCodeAsync(j.LatestCode(number)));
        Assert.Equal(number, (await j.UserAsync())!.Claims["http://wso2.org/claims/mobile"]);
    }

    /// <summary>RetryEnable = false: a wrong code ends on the error page.</summary>
    public static async Task WrongCodeEndsAsync(SmsOtpJourney j) =>
        AssertRedirect(await j.SubmitCodeAsync(Wrong(j.LatestCode(j.Mobile!))), "/smsotpauthenticationendpoint/smsotpError", "code.mismatch");

    /// <summary>RetryEnable = false: an expired code ends on the error page (the typed number is then not saved).</summary>
    public static async Task ExpiredCodeEndsAsync(SmsOtpJourney j)
    {
        var number = FreshNumber();
        AssertRedirect(await j.SubmitMobileAsync(number), CodePath);
        j.Clock.Advance(TimeSpan.FromSeconds(301));

        AssertRedirect(await j.SubmitCodeAsync(j.LatestCode(number)), "/smsotpauthenticationendpoint/smsotpError", "token.expired");
        Assert.False((await j.UserAsync())!.Claims.ContainsKey("http://wso2.org/claims/mobile"));
    }

    /// <summary>ResendEnable = false: no resend button, a forged resend is refused and the code stays valid.</summary>
    public static async Task NoResendButtonAndForgedResendRefusedAsync(SmsOtpJourney j)
    {
        var fields = FieldNames(await j.PageHtmlAsync(j.Last), "OTPcode");
        Assert.Contains("OTPcode", fields);
        Assert.DoesNotContain("resendCode", fields);

        j.Clock.Advance(TimeSpan.FromMinutes(1));
        AssertRedirect(await j.ResendAsync(), CodePath, "resend.disabled");
        Assert.Single(j.MessagesTo(j.Mobile!));
        await j.AssertAppGetsCodeAsync(await j.SubmitCodeAsync(j.LatestCode(j.Mobile!)));
    }

    /// <summary>BackupCode = true: a backup code in OTPcode passes the step, once.</summary>
    public static async Task BackupCodeAcceptedOnceAsync(SmsOtpJourney j)
    {
        var codes = await BackupCodesAsync(j);
        await j.AssertAppGetsCodeAsync(await j.SubmitCodeAsync(codes[0]));
        Assert.Equal(codes.Count - 1, (await j.UserAsync())!.UnusedBackupCodes());

        using var again = await j.AgainAsync();
        AssertRedirect(await again.ReachSmsStepAsync(), CodePath);
        AssertRedirect(await again.SubmitCodeAsync(codes[0]), CodePath, "code.mismatch");
        await again.AssertAppGetsCodeAsync(await again.SubmitCodeAsync(codes[1]));
    }

    /// <summary>BackupCode = false: a backup code is just a wrong code, and stays unused.</summary>
    public static async Task BackupCodeRefusedAsync(SmsOtpJourney j)
    {
        var codes = await BackupCodesAsync(j);
        AssertRedirect(await j.SubmitCodeAsync(codes[0]), CodePath, "code.mismatch");
        Assert.Equal(codes.Count, (await j.UserAsync())!.UnusedBackupCodes());
    }

    /// <summary>SendOTPDirectlyToMobile with SMSOTPMandatory: a user not in the store types a number, gets the code there; nothing is saved.</summary>
    public static async Task DirectNumberGetsCodeNothingSavedAsync(SmsOtpJourney j)
    {
        var number = FreshNumber();
        AssertRedirect(await j.SubmitMobileAsync("+" + number), CodePath);
        Assert.Single(j.MessagesTo(number));

        AssertCompleted(await j.SubmitCodeAsync(j.LatestCode(number)));
        Assert.Null(await j.UserAsync());
    }

    /// <summary>redirectToMultiOptionPageOnFailure = true with another option: a wrong code goes back to the option page.</summary>
    public static async Task WrongCodeBackToOptionsAsync(SmsOtpJourney j) =>
        AssertRedirect(await j.SubmitCodeAsync(Wrong(j.LatestCode(j.Mobile!))), "/authenticationendpoint/multi-option", "code.mismatch");

    /// <summary>The authenticator's own retry: the code page again with the reason, and the code still works.</summary>
    public static async Task WrongCodeRetriesAsync(SmsOtpJourney j)
    {
        var code = j.LatestCode(j.Mobile!);
        AssertRedirect(await j.SubmitCodeAsync(Wrong(code)), CodePath, "code.mismatch");
        await j.AssertAppGetsCodeAsync(await j.SubmitCodeAsync(code));
    }

    /// <summary>TokenLength: the SMS carries a code of that many digits, and it works.</summary>
    public static async Task CodeOfConfiguredLengthWorksAsync(SmsOtpJourney j)
    {
        var code = j.LatestCode(j.Mobile!);
        Assert.Matches($"^[0-9]{{{j.TokenLength}}}$", code);
        await j.AssertAppGetsCodeAsync(await j.SubmitCodeAsync(code));
    }

    /// <summary>TokenExpiryTime = 60: after a minute the code has expired.</summary>
    public static async Task CodeExpiresAfterSixtySecondsAsync(SmsOtpJourney j)
    {
        var code = j.LatestCode(j.Mobile!);
        j.Clock.Advance(TimeSpan.FromSeconds(60));
        AssertRedirect(await j.SubmitCodeAsync(code), CodePath, "token.expired");
    }

    /// <summary>EnableAlphanumericToken = true: letters and digits without look-alikes, accepted in lower case.</summary>
    public static async Task AlphanumericCodeTypedInLowerCaseAsync(SmsOtpJourney j)
    {
        var code = j.LatestCode(j.Mobile!);
        Assert.Matches("^[34679ACDEFGHJKMNPQRTWXY]{6}$", code);
        await j.AssertAppGetsCodeAsync(await j.SubmitCodeAsync(code.ToLowerInvariant()));
    }

    /// <summary>MaximumResendAttempts = 1: one resend, then the attempt ends.</summary>
    public static async Task SecondResendRefusedAsync(SmsOtpJourney j)
    {
        AssertRedirect(await j.ResendAsync(), CodePath);
        Assert.Equal(2, j.MessagesTo(j.Mobile!).Count);
        AssertRedirect(await j.ResendAsync(), "/smsotpauthenticationendpoint/smsotpError", "resent.count.exceeded");
        Assert.Equal(2, j.MessagesTo(j.Mobile!).Count);
    }

    /// <summary>ResendCooldown = 0 with the default MaximumResendAttempts (3): three resends at once, each killing the previous code; a fourth ends the attempt.</summary>
    public static async Task ThreeImmediateResendsThenRefusedAsync(SmsOtpJourney j)
    {
        for (var i = 0; i < 3; i++)
        {
            AssertRedirect(await j.ResendAsync(), CodePath);
        }

        var messages = j.MessagesTo(j.Mobile!);
        Assert.Equal(4, messages.Count);
        var previous = System.Text.RegularExpressions.Regex.Match(messages[^2].Text, "[0-9]{6}").Value;
        if (previous != j.LatestCode(j.Mobile!))
        {
            AssertRedirect(await j.SubmitCodeAsync(previous), CodePath, "code.mismatch");
        }

        AssertRedirect(await j.ResendAsync(), "/smsotpauthenticationendpoint/smsotpError", "resent.count.exceeded");
    }

    /// <summary>MaxAttemptsPerCode = 2: after two wrong tries even the right code is refused.</summary>
    public static async Task CodeDiesAfterTwoWrongTriesAsync(SmsOtpJourney j)
    {
        var code = j.LatestCode(j.Mobile!);
        AssertRedirect(await j.SubmitCodeAsync(Wrong(code)), CodePath, "code.mismatch");
        AssertRedirect(await j.SubmitCodeAsync(Wrong(code)), CodePath, "code.mismatch");
        AssertRedirect(await j.SubmitCodeAsync(code), CodePath, "code.mismatch");
    }

    /// <summary>
    /// EnableAccountLockingForFailedAttempts = false: wrong codes leave the account's count alone, and with the
    /// default MaxAttemptsPerCode (5) four wrong tries leave the code alive.
    /// </summary>
    public static async Task WrongCodesNotCountedAsync(SmsOtpJourney j)
    {
        var code = j.LatestCode(j.Mobile!);
        for (var i = 0; i < 4; i++)
        {
            AssertRedirect(await j.SubmitCodeAsync(Wrong(code)), CodePath, "code.mismatch");
        }

        Assert.Equal(0, (await j.UserAsync())!.FailedAttempts);
        await j.AssertAppGetsCodeAsync(await j.SubmitCodeAsync(code));
    }

    /// <summary>EnableAccountLockingForFailedAttempts = true: the fifth wrong code locks the account ([security.login_limits] lockout_after = 5).</summary>
    public static async Task FiveWrongCodesLockTheAccountAsync(SmsOtpJourney j)
    {
        var code = j.LatestCode(j.Mobile!);
        for (var i = 0; i < 4; i++)
        {
            AssertRedirect(await j.SubmitCodeAsync(Wrong(code)), CodePath, "code.mismatch");
        }

        AssertRedirect(await j.SubmitCodeAsync(Wrong(code)), "/smsotpauthenticationendpoint/smsotpError", "user.account.locked");
        Assert.True((await j.UserAsync())!.IsLocked);
    }

    /// <summary>MaskMobileNumber = false: the code page shows the whole number.</summary>
    public static async Task PageShowsWholeNumberAsync(SmsOtpJourney j) =>
        Assert.Contains(j.Mobile!, await j.PageHtmlAsync(j.Last), StringComparison.Ordinal);

    /// <summary>SmsMessageTemplate: the SMS text is the template with code, app and minutes filled in.</summary>
    public static Task MessageFollowsTemplateAsync(SmsOtpJourney j)
    {
        Assert.Equal($"pickup-dispatch: {j.LatestCode(j.Mobile!)} (5 min)", j.MessagesTo(j.Mobile!)[^1].Text);
        return Task.CompletedTask;
    }

    /// <summary>DefaultRegion = LK: a national number is read as Sri Lankan, gets the code, and is saved in the stored form.</summary>
    public static async Task NationalNumberAcceptedAsync(SmsOtpJourney j)
    {
        var number = FreshNumber();
        AssertRedirect(await j.SubmitMobileAsync("0" + number[2..]), CodePath);
        AssertCompleted(await j.SubmitCodeAsync(j.LatestCode(number)));
        Assert.Equal(number, (await j.UserAsync())!.Claims["http://wso2.org/claims/mobile"]);
    }

    private static async Task<IReadOnlyList<string>> BackupCodesAsync(SmsOtpJourney j) =>
        await BackupCodeCommand.IssueAsync(j.Engines.Engine.App.Services, j.Username);
}
