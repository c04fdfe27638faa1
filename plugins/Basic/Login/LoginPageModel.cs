namespace Pickup.Plugins.Basic.Login;

/// <summary>What <c>authenticationendpoint/login.html</c> shows (rendered as <c>error_key</c>).</summary>
/// <param name="ErrorKey">
/// The text key of why the last try failed (one of <see cref="LoginMessages.Keys"/>), or null on a first visit. The
/// engine shows its sentence in the driver's language.
/// </param>
/// <remarks>No username is carried back: the field is left empty after a failure.</remarks>
public sealed record LoginPageModel(string? ErrorKey);
