namespace Pickup.Plugins.Basic.Login;

/// <summary>What <c>authenticationendpoint/login.html</c> shows (rendered as <c>error_key</c>).</summary>
/// <param name="ErrorKey">
/// The text key of why the last try failed (one of <see cref="LoginMessages.Keys"/>), or null on a first visit. The
/// engine shows its sentence in the driver's language.
/// </param>
/// <param name="LoginHint">
/// The authorization request's <c>login_hint</c> (bounded by the engine), pre-filled in the username field (escaped
/// by the template); only a hint: the password decides who signs in.
/// </param>
/// <remarks>No typed username is carried back: after a failure the field shows the hint, if any, or nothing.</remarks>
public sealed record LoginPageModel(string? ErrorKey, string? LoginHint = null);
