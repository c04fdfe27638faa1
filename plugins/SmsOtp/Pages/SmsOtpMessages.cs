namespace Pickup.Plugins.SmsOtp.Pages;

/// <summary>
/// Sentences a driver understands, for the <c>authFailureMsg</c> key in a page's query. The key only selects a fixed
/// sentence: neither it nor any other query text is ever shown.
/// </summary>
internal static class SmsOtpMessages
{
    /// <summary>For a key this authenticator does not know.</summary>
    public const string Generic = "Something went wrong while signing you in. Please try again.";

    private const string ResendHint = " Tap \"Resend code\" to get a new one.";

    private static readonly Dictionary<string, string> CodePageSentences = new(StringComparer.Ordinal)
    {
        [FailureKeys.CodeMismatch] = "That code is not right. Please check the text message and try again.",
        [FailureKeys.TokenExpired] = "That code has expired.",
        [FailureKeys.ResendTooSoon] = "Please wait a little before asking for another code.",
        [FailureKeys.ResendDisabled] = "We can't send another code. Please use the code we already sent.",
        [FailureKeys.CodeEmpty] = "Please enter the code from the text message.",
        [FailureKeys.AccountLocked] = "Your account is locked for a while after too many wrong tries. Please try again later.",
    };

    private static readonly Dictionary<string, string> ErrorPageSentences = new(StringComparer.Ordinal)
    {
        [FailureKeys.UnableToSendCode] = "We couldn't send a code to your phone just now. Please try again in a few minutes.",
        [FailureKeys.CodeMismatch] = "The code you entered was not right, so we couldn't sign you in.",
        [FailureKeys.TokenExpired] = "The code expired before it was entered.",
        [FailureKeys.SmsOtpDisabled] = "Sign-in codes by text message are turned off for your account, but this app needs one. Please ask your administrator.",
        [FailureKeys.ResendCountExceeded] = "You asked for too many new codes. Please wait a while, then sign in again.",
        [FailureKeys.MobileNumberNotFound] = "There is no mobile number on your account, so we can't send you a code. Please ask your administrator to add one.",
        [FailureKeys.UserNotFound] = "We couldn't tell who is signing in. Please sign in again.",
        [FailureKeys.AccountLocked] = "Your account is locked for a while after too many wrong tries. Please try again later.",
    };

    private static readonly Dictionary<string, string> MobilePageSentences = new(StringComparer.Ordinal)
    {
        [FailureKeys.MobileInvalid] = "Please enter your mobile number with the country code, digits only, for example 94771234567.",
    };

    /// <summary>The sentence for the code page, or null when the query reports no failure.</summary>
    /// <param name="query">The page's query.</param>
    /// <param name="codeIsDead">True when no code can be accepted any more, so the driver needs a new one.</param>
    /// <param name="canResend">True when the page offers "Resend code".</param>
    public static string? ForCodePage(IReadOnlyDictionary<string, string> query, bool codeIsDead, bool canResend)
    {
        if (!TryGetFailureKey(query, out var key))
        {
            return null;
        }

        var sentence = key is not null && CodePageSentences.TryGetValue(key, out var known) ? known : Generic;
        if (codeIsDead && canResend && key is FailureKeys.CodeMismatch or FailureKeys.TokenExpired)
        {
            sentence = key == FailureKeys.CodeMismatch
                ? "That code is not right, and it can no longer be used."
                : sentence;
            sentence += ResendHint;
        }

        return sentence;
    }

    /// <summary>The sentence for the error page; a generic sentence when the key is missing or unknown.</summary>
    public static string ForErrorPage(IReadOnlyDictionary<string, string> query) =>
        query.TryGetValue("authFailureMsg", out var key) && ErrorPageSentences.TryGetValue(key, out var sentence)
            ? sentence
            : Generic;

    /// <summary>The sentence for the mobile number page, or null when the query reports no failure.</summary>
    public static string? ForMobilePage(IReadOnlyDictionary<string, string> query) =>
        TryGetFailureKey(query, out var key)
            ? key is not null && MobilePageSentences.TryGetValue(key, out var sentence) ? sentence : Generic
            : null;

    private static bool TryGetFailureKey(IReadOnlyDictionary<string, string> query, out string? key)
    {
        key = null;
        if (!query.TryGetValue("authFailure", out var failure) || !string.Equals(failure, "true", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        key = query.GetValueOrDefault("authFailureMsg");
        return true;
    }
}
