namespace Pickup.Abstractions.Authentication;

/// <summary>The user a login attempt has identified.</summary>
/// <param name="UserId">The user store's stable id.</param>
/// <param name="Username">The login name.</param>
public sealed record AuthenticatedUser(string UserId, string Username);
