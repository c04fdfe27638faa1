namespace Pickup.Plugins.Totp.Pages;

/// <summary>The plugin's pages (templates under its own <c>endpoints/totpauthenticationendpoint/</c>) and their form field.</summary>
public static class TotpPages
{
    /// <summary>The code page: the driver types the 6 digits the authenticator app shows.</summary>
    public const string CodePage = "totpauthenticationendpoint/totp";

    /// <summary>The enrolment page: the QR code, the secret as text, and the first code that confirms them.</summary>
    public const string EnrollPage = "totpauthenticationendpoint/enroll";

    /// <summary>The page an attempt ends on when this step cannot go on.</summary>
    public const string ErrorPage = "totpauthenticationendpoint/error";

    /// <summary>Form field of both pages: the code.</summary>
    public const string CodeField = "totpCode";

    /// <summary>Every template, for <see cref="Abstractions.Authentication.IAuthenticatorFactory.Templates"/>.</summary>
    public static IReadOnlyCollection<string> All { get; } = [CodePage, EnrollPage, ErrorPage];
}
