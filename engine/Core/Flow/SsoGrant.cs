namespace Pickup.Core.Flow;

/// <summary>
/// What a browser's valid single sign-on session brings to a new login attempt: its user, and the authenticators it
/// has proven, whose steps the attempt skips. Per request.
/// </summary>
/// <param name="SessionId">The session's public id.</param>
/// <param name="UserId">The session's user (the user store's id).</param>
/// <param name="Username">The user's login name.</param>
/// <param name="ProvenAuthenticators">Authenticator ids the session has proven.</param>
public sealed record SsoGrant(string SessionId, string UserId, string Username, IReadOnlySet<string> ProvenAuthenticators);
