namespace Pickup.Plugins.Basic.Login;

/// <summary>What <c>authenticationendpoint/login.html</c> shows (rendered as <c>error_message</c>).</summary>
/// <param name="ErrorMessage">A sentence for the driver when the last try failed; otherwise null.</param>
/// <remarks>No username is carried back: the field is left empty after a failure.</remarks>
public sealed record LoginPageModel(string? ErrorMessage);
