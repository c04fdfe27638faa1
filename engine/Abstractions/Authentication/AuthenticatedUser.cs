namespace Pickup.Abstractions.Authentication;

/// <summary>The user a login attempt has identified.</summary>
/// <remarks>
/// Per request: an authenticator hands one to <see cref="AuthenticatorResult.Success"/>, and the engine hands the user
/// an earlier step identified in <see cref="AuthenticationStepContext.User"/>. Immutable.
/// </remarks>
public sealed class AuthenticatedUser
{
    /// <summary>The user store's stable id.</summary>
    public required string UserId { get; init; }

    /// <summary>The login name.</summary>
    public required string Username { get; init; }
}
