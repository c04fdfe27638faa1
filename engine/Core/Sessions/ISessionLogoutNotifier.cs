namespace Pickup.Core.Sessions;

/// <summary>
/// Told when a single sign-on session ends (the driver logged out, an administrator revoked it, the user was deleted,
/// locked out or lost <c>login</c>), so that every client the session signed in to can end its own session
/// (OpenID Connect Back-Channel Logout 1.0). Once per server; safe for concurrent use.
/// </summary>
public interface ISessionLogoutNotifier
{
    /// <summary>
    /// Queues one logout token per client that registered a <c>backchannel_logout_uri</c>; returns at once (delivery
    /// and its retries never block the caller, for example the driver's logout page).
    /// </summary>
    /// <param name="sessionId">The session's public id: the <c>sid</c> claim of the identity tokens it issued.</param>
    /// <param name="clientSubjects">Each client (<c>client_id</c>) the session signed in to, with the <c>sub</c> it was given.</param>
    void SessionEnded(string sessionId, IReadOnlyDictionary<string, string> clientSubjects);
}
