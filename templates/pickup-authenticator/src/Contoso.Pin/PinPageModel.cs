namespace Contoso.Pin;

/// <summary>The model of <c>contosopinendpoint/pin.html</c>; the template reads it in snake_case.</summary>
/// <param name="Failed"><c>failed</c>: the last PIN typed was wrong.</param>
/// <param name="Username"><c>username</c>: who is signing in.</param>
public sealed record PinPageModel(bool Failed, string Username);
