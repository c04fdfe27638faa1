namespace Pickup.Plugins.SmsOtp.Configuration;

/// <summary>
/// The keys of <c>[authentication.authenticator.sms_otp.parameters]</c>, each with its default. The first eleven are
/// WSO2's, accepted exactly as the reference writes them; the rest are Pickup's own. <c>plugins/SmsOtp/README.md</c>
/// has the same list as a table.
/// </summary>
public static class SmsOtpParameters
{
    /// <summary>The code entry page. Default <c>smsotpauthenticationendpoint/smsotp.jsp</c> (template <c>smsotpauthenticationendpoint/smsotp</c>).</summary>
    public const string CodePage = "SMSOTPAuthenticationEndpointURL";

    /// <summary>The error page. Default <c>smsotpauthenticationendpoint/smsotpError.jsp</c> (template <c>smsotpauthenticationendpoint/smsotpError</c>).</summary>
    public const string ErrorPage = "SMSOTPAuthenticationEndpointErrorPage";

    /// <summary>The mobile number page. Default <c>smsotpauthenticationendpoint/mobile.jsp</c> (template <c>smsotpauthenticationendpoint/mobile</c>).</summary>
    public const string MobilePage = "MobileNumberRegPage";

    /// <summary>After a wrong or expired code, show the code page again with the reason (true, default) or end on the error page (false).</summary>
    public const string RetryEnable = "RetryEnable";

    /// <summary>Offer "Resend code" from the first display, with a cool-down (true, default); false: no button, a forged resend is refused.</summary>
    public const string ResendEnable = "ResendEnable";

    /// <summary>Accept one of the user's single-use backup codes in the code field (default false).</summary>
    public const string BackupCode = "BackupCode";

    /// <summary>Honour the claim <c>http://wso2.org/claims/identity/smsotp_disabled</c> (default false).</summary>
    public const string EnableByUserClaim = "SMSOTPEnableByUserClaim";

    /// <summary>Users with no mobile, SMS OTP turned off, or not in the store must pass the step (true) or skip it (false, default).</summary>
    public const string Mandatory = "SMSOTPMandatory";

    /// <summary>Ask a user with no mobile for one; it is saved once its code is verified (default false).</summary>
    public const string CaptureAndUpdateMobileNumber = "CaptureAndUpdateMobileNumber";

    /// <summary>With <see cref="Mandatory"/>: a user not in the local store types a number and gets the code there; nothing is saved (default false).</summary>
    public const string SendOtpDirectlyToMobile = "SendOTPDirectlyToMobile";

    /// <summary>In a step with several options, a failure goes back to the option page (default false).</summary>
    public const string RedirectToMultiOptionPageOnFailure = "redirectToMultiOptionPageOnFailure";

    /// <summary>Characters in a code: default 6, from 4 to 10.</summary>
    public const string TokenLength = "TokenLength";

    /// <summary>Seconds a code stays valid: default 300, from 30 to 3600.</summary>
    public const string TokenExpiryTime = "TokenExpiryTime";

    /// <summary>Codes of upper-case letters and digits without look-alikes, typed in any case (default false: digits).</summary>
    public const string EnableAlphanumericToken = "EnableAlphanumericToken";

    /// <summary>Resends allowed in one login attempt: default 3, from 0 to 10.</summary>
    public const string MaximumResendAttempts = "MaximumResendAttempts";

    /// <summary>Seconds between two sends in one login attempt: default 30, from 0 to 600.</summary>
    public const string ResendCooldown = "ResendCooldown";

    /// <summary>Wrong tries before a code dies: default 5, from 1 to 10.</summary>
    public const string MaxAttemptsPerCode = "MaxAttemptsPerCode";

    /// <summary>A wrong code counts towards the account's lock-out of <c>[security.login_limits]</c>; a verified one clears it (default true).</summary>
    public const string EnableAccountLockingForFailedAttempts = "EnableAccountLockingForFailedAttempts";

    /// <summary>Show the number as <c>*******8888</c> on the code page (true, default) or in full (false).</summary>
    public const string MaskMobileNumber = "MaskMobileNumber";

    /// <summary>The SMS text, a Scriban template with <c>code</c>, <c>app</c> and <c>minutes</c>. Default <c>Your Pickup code is {{ code }}</c>.</summary>
    public const string SmsMessageTemplate = "SmsMessageTemplate";

    /// <summary>ISO 3166 alpha-2 region for typed numbers without a country code (default "": the country code is required).</summary>
    public const string DefaultRegion = "DefaultRegion";

    /// <summary>Every accepted key.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        CodePage, ErrorPage, MobilePage, RetryEnable, ResendEnable, BackupCode, EnableByUserClaim, Mandatory,
        CaptureAndUpdateMobileNumber, SendOtpDirectlyToMobile, RedirectToMultiOptionPageOnFailure,
        TokenLength, TokenExpiryTime, EnableAlphanumericToken, MaximumResendAttempts, ResendCooldown, MaxAttemptsPerCode,
        EnableAccountLockingForFailedAttempts, MaskMobileNumber, SmsMessageTemplate, DefaultRegion,
    ];
}
