namespace Pickup.Plugins.Basic.Login;

/// <summary>The login page: its template, form fields and failure keys.</summary>
internal static class LoginPage
{
    /// <summary>Template under <c>endpoints/</c>, served at <c>/authenticationendpoint/login</c>.</summary>
    public const string Template = "authenticationendpoint/login";

    /// <summary>Form field: the login name.</summary>
    public const string UsernameField = "username";

    /// <summary>Form field: the password.</summary>
    public const string PasswordField = "password";

    /// <summary>
    /// The one failure key for every credential problem (unknown user, wrong password, no login permission, empty
    /// fields), so the page never tells an attacker which usernames exist or which accounts may sign in.
    /// </summary>
    public const string LoginFailed = "login.fail";

    /// <summary>
    /// The right password, but the account is locked out after too many failures (<c>pickup users unlock</c> ends it
    /// early). A wrong password for a locked account gets <see cref="LoginFailed"/>.
    /// </summary>
    public const string AccountLocked = "user.account.locked";
}
