namespace Pickup.Plugins.SmsOtp.Pages;

/// <summary>What the code page (<c>smsotpauthenticationendpoint/smsotp</c>) shows; snake_case in the template.</summary>
/// <param name="MaskedNumber"><c>masked_number</c>: where the code went (<c>*******8888</c>, or the whole number when masking is off); null when unknown.</param>
/// <param name="ResendEnabled"><c>resend_enabled</c>: show "Resend code" (resending is on and resends are left).</param>
/// <param name="ResendWaitSeconds"><c>resend_wait_seconds</c>: seconds until a resend is allowed (0: now).</param>
/// <param name="ErrorKey"><c>error_key</c>: why the last try failed (a <see cref="FailureKeys"/> key or <c>error.generic</c>), or null.</param>
/// <param name="NoticeKey"><c>notice_key</c>: <c>smsotp.resent</c> after a resend, or null.</param>
/// <param name="CodeLength"><c>code_length</c>: characters in a code.</param>
/// <param name="Numeric"><c>numeric</c>: codes are digits only (numeric keyboard).</param>
/// <param name="BackupCodeEnabled"><c>backup_code_enabled</c>: a backup code is accepted in the same field.</param>
public sealed record SmsOtpPageModel(
    string? MaskedNumber,
    bool ResendEnabled,
    int ResendWaitSeconds,
    string? ErrorKey,
    string? NoticeKey,
    int CodeLength,
    bool Numeric,
    bool BackupCodeEnabled);

/// <summary>What the error page (<c>smsotpauthenticationendpoint/smsotpError</c>) shows.</summary>
/// <param name="MessageKey"><c>message_key</c>: the failure (a <see cref="FailureKeys"/> key, or <c>error.generic</c>); never null.</param>
public sealed record SmsOtpErrorPageModel(string MessageKey);

/// <summary>What the mobile number page (<c>smsotpauthenticationendpoint/mobile</c>) shows.</summary>
/// <param name="ErrorKey"><c>error_key</c>: why the typed number was refused, or null.</param>
/// <param name="DefaultRegion"><c>default_region</c>: the region a number without country code is read in ("" when the country code is required).</param>
public sealed record MobilePageModel(string? ErrorKey, string DefaultRegion);
