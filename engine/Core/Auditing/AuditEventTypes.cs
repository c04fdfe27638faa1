namespace Pickup.Core.Auditing;

/// <summary>The <see cref="AuditEvent.Type"/> values the engine writes. Stable: scripts filter on them.</summary>
public static class AuditEventTypes
{
    /// <summary>A login attempt passed every step (detail: the authenticators, in order).</summary>
    public const string LoginSucceeded = "login.succeeded";

    /// <summary>A password or code was wrong, or an authenticator ended the attempt (detail: why).</summary>
    public const string LoginFailed = "login.failed";

    /// <summary>Too many consecutive failures locked the account (detail: until when).</summary>
    public const string AccountLocked = "account.locked";

    /// <summary>An admin cleared an account's failures and lock-out.</summary>
    public const string AccountUnlocked = "account.unlocked";

    /// <summary>A user was created.</summary>
    public const string UserCreated = "user.created";

    /// <summary>A user was deleted.</summary>
    public const string UserDeleted = "user.deleted";

    /// <summary>One of a user's claims was set or removed (detail: the claim URI; never its value).</summary>
    public const string UserClaimChanged = "user.claim.changed";

    /// <summary>A role was created (detail: its permissions).</summary>
    public const string RoleCreated = "role.created";

    /// <summary>A new generation of a token key was made, by <c>pickup keys rotate</c> or automatically (detail: key, key id, when it is used).</summary>
    public const string KeysRotated = "keys.rotated";

    /// <summary>The engine started on a configuration (detail: its fingerprint and the files changed since the last start).</summary>
    public const string ConfigLoaded = "config.loaded";

    /// <summary>
    /// A running engine took a changed configuration into use without a restart (detail: its fingerprint and the files
    /// changed since the configuration in use before).
    /// </summary>
    public const string ConfigReloaded = "config.reloaded";

    /// <summary>
    /// A running engine refused a changed configuration and kept serving the one it had (detail: its fingerprint, the
    /// files changed and every problem with its file, line and column).
    /// </summary>
    public const string ConfigRejected = "config.rejected";

    /// <summary>A back-channel logout token could not be delivered to a client, retries included (detail: where and why).</summary>
    public const string BackChannelLogoutFailed = "sso.backchannel_failed";

    /// <summary>A completed login started a single sign-on session in the browser (detail: the session id and the authenticators proven).</summary>
    public const string SsoCreated = "sso.created";

    /// <summary>A login used the browser's single sign-on session (detail: the session id, the steps it skipped and those run).</summary>
    public const string SsoReused = "sso.reused";

    /// <summary>A single sign-on session ended (detail: the session id and why: logout, expired, the account's state, revoked).</summary>
    public const string SsoEnded = "sso.ended";

    /// <summary>An administrator ended a user's single sign-on sessions and revoked their tokens (detail: how many of each).</summary>
    public const string SessionsRevoked = "sessions.revoked";

    /// <summary>Every type above: a plugin may not declare one of these as its own.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. typeof(AuditEventTypes).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)];
}
