namespace Pickup.Plugins.SmsOtp.Pages;

/// <summary>
/// The <c>authFailureMsg</c> keys this authenticator uses (WSO2's where WSO2 has one). Pages get keys, never
/// sentences: the templates translate them.
/// </summary>
public static class FailureKeys
{
    /// <summary>The SMS provider refused the message or could not be reached.</summary>
    public const string UnableToSendCode = "unable.send.code";

    /// <summary>The code was wrong (or was no longer valid).</summary>
    public const string CodeMismatch = "code.mismatch";

    /// <summary>The code has expired.</summary>
    public const string TokenExpired = "token.expired";

    /// <summary>The user turned SMS OTP off, but the configuration makes it mandatory.</summary>
    public const string SmsOtpDisabled = "smsotp.disable";

    /// <summary>Too many resends in one attempt.</summary>
    public const string ResendCountExceeded = "resent.count.exceeded";

    /// <summary>A resend came sooner than the cool-down allows.</summary>
    public const string ResendTooSoon = "resend.too.soon";

    /// <summary>A resend was asked for although resending is turned off.</summary>
    public const string ResendDisabled = "resend.disabled";

    /// <summary>The user has no mobile number, capturing one is off and the step is mandatory.</summary>
    public const string MobileNumberNotFound = "mobile.number.not.found";

    /// <summary>The typed mobile number is not a valid number.</summary>
    public const string MobileInvalid = "mobile.invalid";

    /// <summary>The code field was empty.</summary>
    public const string CodeEmpty = "code.empty";

    /// <summary>No user is known for this step, or the user is not in the local store.</summary>
    public const string UserNotFound = "user.not.found";

    /// <summary>The account is locked out after too many failures.</summary>
    public const string AccountLocked = "user.account.locked";

    /// <summary>The SMS provider's TLS certificate is not trusted (an admin must import it).</summary>
    public const string ProviderUntrusted = "sms.provider.untrusted";

    /// <summary>A backup code was not accepted.</summary>
    public const string BackupCodeInvalid = "backup.code.invalid";

    /// <summary>
    /// The typed mobile number is another user's (found before any SMS, or when two users raced to save it). The
    /// sentence does not say whose.
    /// </summary>
    public const string MobileUnavailable = "mobile.unavailable";

    /// <summary>
    /// A wrong code while a typed number waits for verification with <c>BackupCode = true</c>: a backup code proves the
    /// user, never a number, so only the code sent to that number is accepted (the backup code is not used up).
    /// </summary>
    public const string BackupCodeNotForNewNumber = "backup.code.new.number";

    /// <summary>Too many codes were sent (the engine's <c>[security.sms_limits]</c>).</summary>
    public const string SmsRateLimited = "sms.rate.limited";

    /// <summary>Shown instead of any key this authenticator does not know, so query text never reaches a page.</summary>
    public const string Generic = "error.generic";

    /// <summary>Notice key on the code page after a resend.</summary>
    public const string ResentNotice = "smsotp.resent";

    /// <summary>Every failure key a page may show as it is.</summary>
    public static IReadOnlySet<string> Known { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        UnableToSendCode, CodeMismatch, TokenExpired, SmsOtpDisabled, ResendCountExceeded, ResendTooSoon, ResendDisabled,
        MobileNumberNotFound, MobileInvalid, CodeEmpty, UserNotFound, AccountLocked, ProviderUntrusted, BackupCodeInvalid,
        SmsRateLimited, MobileUnavailable, BackupCodeNotForNewNumber,
    };
}
