namespace Contoso.Pin;

/// <summary>Every name this plugin contributes to the engine, in one place.</summary>
internal static class PinNames
{
    /// <summary>The authenticator id: <c>[authentication.authenticator.contoso_pin]</c>, <c>{ authenticator = "contoso_pin" }</c>.</summary>
    public const string Id = "contoso_pin";

    /// <summary>The credential type the PIN is kept under in the engine's credential store.</summary>
    public const string CredentialType = "contoso_pin";

    /// <summary>The page (<c>endpoints/contosopinendpoint/pin.html</c>), served at <c>/contosopinendpoint/pin</c>.</summary>
    public const string Template = "contosopinendpoint/pin";

    /// <summary>The engine's error page, where a failed attempt ends.</summary>
    public const string ErrorTemplate = "authenticationendpoint/error";

    /// <summary>The form field of the PIN.</summary>
    public const string PinField = "pin";

    /// <summary>The label of a wrong PIN in the audit trail (<c>login.failed … pin</c>).</summary>
    public const string FailureLabel = "pin";

    /// <summary>Failure key: the PIN typed is not the user's.</summary>
    public const string MismatchKey = "contoso_pin.mismatch";

    /// <summary>Failure key: the user has no PIN yet (an administrator sets one).</summary>
    public const string NoPinKey = "contoso_pin.no_pin";

    /// <summary>Failure key: the factor runs only after a step that identified the user.</summary>
    public const string NoUserKey = "contoso_pin.no_user";

    /// <summary>The engine's failure key for a locked account.</summary>
    public const string LockedKey = "user.account.locked";

    /// <summary>The audit event written when an administrator sets a user's PIN.</summary>
    public const string PinSetEvent = "contoso_pin.set";

    /// <summary>The longest PIN looked at; longer input is a wrong PIN, never hashed.</summary>
    public const int MaxPinLength = 32;
}
