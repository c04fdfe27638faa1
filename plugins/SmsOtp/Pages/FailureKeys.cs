namespace Pickup.Plugins.SmsOtp.Pages;

/// <summary>The <c>authFailureMsg</c> keys this authenticator uses (WSO2's where WSO2 has one).</summary>
public static class FailureKeys
{
    /// <summary>The SMS provider refused or could not be reached.</summary>
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

    /// <summary>The user has no mobile number and capturing one is turned off.</summary>
    public const string MobileNumberNotFound = "mobile.number.not.found";

    /// <summary>The typed mobile number is not 8 to 15 digits.</summary>
    public const string MobileInvalid = "mobile.invalid";

    /// <summary>The code field was empty.</summary>
    public const string CodeEmpty = "code.empty";

    /// <summary>No user is known for this step (SMS OTP placed as a first step) or the user has gone.</summary>
    public const string UserNotFound = "user.not.found";

    /// <summary>The engine's account lock-out (it may name this key on our pages).</summary>
    public const string AccountLocked = "user.account.locked";
}
