namespace Pickup.Plugins.Totp.Pages;

/// <summary>The model of <see cref="TotpPages.CodePage"/>.</summary>
/// <param name="ErrorKey">Why the last try failed (a <see cref="FailureKeys"/> text key), or null.</param>
/// <param name="CodeLength">Digits in a code.</param>
public sealed record TotpCodePageModel(string? ErrorKey, int CodeLength);

/// <summary>The model of <see cref="TotpPages.EnrollPage"/>.</summary>
/// <param name="ErrorKey">Why the last try failed, or null.</param>
/// <param name="QrSvg">The QR code as an <c>&lt;svg&gt;</c> element, written with <c>raw</c>: generated, never user input.</param>
/// <param name="SecretGroups">The secret in base32, in groups of four, for typing into an app by hand.</param>
/// <param name="Issuer">The issuer the app will show.</param>
/// <param name="AccountName">The account name the app will show (the username).</param>
/// <param name="CodeLength">Digits in a code.</param>
public sealed record TotpEnrollPageModel(string? ErrorKey, string QrSvg, string SecretGroups, string Issuer, string AccountName, int CodeLength);

/// <summary>The model of <see cref="TotpPages.ErrorPage"/>.</summary>
/// <param name="MessageKey">What went wrong (a <see cref="FailureKeys"/> text key).</param>
public sealed record TotpErrorPageModel(string MessageKey);
