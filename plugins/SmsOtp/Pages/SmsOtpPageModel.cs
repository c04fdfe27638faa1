namespace Pickup.Plugins.SmsOtp.Pages;

/// <summary>What <c>smsotpauthenticationendpoint/smsotp.html</c> shows (snake_case in the template).</summary>
/// <param name="MaskedNumber"><c>masked_number</c>: where the code went, only the last four digits shown (<c>******8888</c>).</param>
/// <param name="ResendEnabled"><c>resend_enabled</c>: show the "Resend code" button (resending is on and resends are left).</param>
/// <param name="ErrorMessage"><c>error_message</c>: why the last try failed, or null.</param>
/// <param name="NoticeMessage"><c>notice_message</c>: "We sent you a new code." after a resend, or null.</param>
/// <param name="ResendWaitSeconds"><c>resend_wait_seconds</c>: seconds until a resend is allowed (0: now).</param>
public sealed record SmsOtpPageModel(
    string MaskedNumber,
    bool ResendEnabled,
    string? ErrorMessage,
    string? NoticeMessage,
    int ResendWaitSeconds);

/// <summary>What <c>smsotpauthenticationendpoint/smsotpError.html</c> shows.</summary>
/// <param name="Message"><c>message</c>: the sentence for <c>authFailureMsg</c>.</param>
/// <param name="RetryUrl"><c>retry_url</c>: where to start again; null, since the authenticator does not know the app's address.</param>
public sealed record SmsOtpErrorPageModel(string Message, string? RetryUrl);

/// <summary>What <c>smsotpauthenticationendpoint/mobile.html</c> shows.</summary>
/// <param name="ErrorMessage"><c>error_message</c>: why the typed number was refused, or null.</param>
public sealed record MobilePageModel(string? ErrorMessage);
