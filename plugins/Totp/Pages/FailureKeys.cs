namespace Pickup.Plugins.Totp.Pages;

/// <summary>
/// The <c>authFailureMsg</c> keys of this authenticator: text keys of the plugin's own <c>endpoints/i18n/*.json</c>,
/// all under <c>totp.</c> so that they cannot clash with another plugin's.
/// </summary>
public static class FailureKeys
{
    /// <summary>The code field was empty.</summary>
    public const string CodeEmpty = "totp.code.empty";

    /// <summary>The code is not the app's current one (or not 6 digits).</summary>
    public const string CodeMismatch = "totp.code.mismatch";

    /// <summary>The code was right but already used to sign in: wait for the next one.</summary>
    public const string CodeUsed = "totp.code.used";

    /// <summary>The account is locked out after too many failures.</summary>
    public const string AccountLocked = "totp.account.locked";

    /// <summary>No user is known for this step, or the user is gone from the store.</summary>
    public const string UserNotFound = "totp.user.not.found";

    /// <summary>The user has no authenticator app and enrolment is turned off.</summary>
    public const string NotEnrolled = "totp.not.enrolled";

    /// <summary>An authenticator app was added to the account meanwhile (another tab): its code is asked for instead.</summary>
    public const string AlreadyEnrolled = "totp.already.enrolled";

    /// <summary>The secret being set up could not be read back (the sign-in moved on or was tampered with): a new one is shown.</summary>
    public const string EnrollmentRestarted = "totp.enroll.restarted";

    /// <summary>Anything else.</summary>
    public const string Generic = "totp.error.generic";

    private static readonly HashSet<string> Known =
        [CodeEmpty, CodeMismatch, CodeUsed, AccountLocked, UserNotFound, NotEnrolled, AlreadyEnrolled, EnrollmentRestarted, Generic];

    /// <summary>
    /// The failure key a page's query asks to show, or null. A key this plugin does not know becomes
    /// <see cref="Generic"/>: the query is the driver's to edit, and a page must never be asked for a text it lacks.
    /// </summary>
    public static string? FromQuery(IReadOnlyDictionary<string, string> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!string.Equals(query.GetValueOrDefault("authFailure"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var key = query.GetValueOrDefault("authFailureMsg");
        return key is not null && Known.Contains(key) ? key : Generic;
    }
}
