namespace Pickup.Plugins.SmsOtp.Configuration;

/// <summary>
/// The keys of <c>[authentication.authenticator.sms_otp.parameters]</c>. The first eleven are WSO2's, accepted exactly
/// as the reference writes them; the rest are Pickup's own limits.
/// </summary>
public static class SmsOtpParameters
{
    /// <summary>The code entry page. Default <c>smsotpauthenticationendpoint/smsotp.jsp</c> (template <c>smsotpauthenticationendpoint/smsotp</c>).</summary>
    public const string CodePage = "SMSOTPAuthenticationEndpointURL";

    /// <summary>The error page. Default <c>smsotpauthenticationendpoint/smsotpError.jsp</c> (template <c>smsotpauthenticationendpoint/smsotpError</c>).</summary>
    public const string ErrorPage = "SMSOTPAuthenticationEndpointErrorPage";

    /// <summary>The mobile number capture page. Default <c>smsotpauthenticationendpoint/mobile.jsp</c> (template <c>smsotpauthenticationendpoint/mobile</c>).</summary>
    public const string MobilePage = "MobileNumberRegPage";

    /// <summary>After a wrong or expired code, show the code page again (true, default) or end the attempt (false).</summary>
    public const string RetryEnable = "RetryEnable";

    /// <summary>Offer "Resend code" (default true).</summary>
    public const string ResendEnable = "ResendEnable";

    /// <summary>Accept a backup code in the code field (default false). Accepted but not yet acted on: the SDK has no backup-code API.</summary>
    public const string BackupCode = "BackupCode";

    /// <summary>Let a user turn SMS OTP off with the claim <c>http://wso2.org/claims/identity/smsotp_disabled</c> (default false).</summary>
    public const string EnableByUserClaim = "SMSOTPEnableByUserClaim";

    /// <summary>When a user has turned SMS OTP off: fail (true) or skip the step (false, default).</summary>
    public const string Mandatory = "SMSOTPMandatory";

    /// <summary>Ask a user without a mobile number for one and save it (default false).</summary>
    public const string CaptureAndUpdateMobileNumber = "CaptureAndUpdateMobileNumber";

    /// <summary>WSO2's switch for users unknown to the local store (default false). Every Pickup user is local, so it has no effect.</summary>
    public const string SendOtpDirectlyToMobile = "SendOTPDirectlyToMobile";

    /// <summary>WSO2's switch to show the multi-option page on failure (default false). Accepted; failures always go to the error page.</summary>
    public const string RedirectToMultiOptionPageOnFailure = "redirectToMultiOptionPageOnFailure";

    /// <summary>Digits in a code: default 6, from 4 to 10.</summary>
    public const string TokenLength = "TokenLength";

    /// <summary>Seconds a code stays valid: default 300, from 30 to 3600.</summary>
    public const string TokenExpiryTime = "TokenExpiryTime";

    /// <summary>Wrong tries before a code dies: default 3, from 1 to 10.</summary>
    public const string MaxAttemptsPerCode = "MaxAttemptsPerCode";

    /// <summary>Seconds between two sends in one attempt: default 30, from 0 to 600.</summary>
    public const string ResendCooldownSeconds = "ResendCooldownSeconds";

    /// <summary>Resends allowed in one attempt: default 3, from 0 to 10.</summary>
    public const string MaxResends = "MaxResends";

    /// <summary>Every accepted key.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        CodePage, ErrorPage, MobilePage, RetryEnable, ResendEnable, BackupCode, EnableByUserClaim, Mandatory,
        CaptureAndUpdateMobileNumber, SendOtpDirectlyToMobile, RedirectToMultiOptionPageOnFailure,
        TokenLength, TokenExpiryTime, MaxAttemptsPerCode, ResendCooldownSeconds, MaxResends,
    ];
}
