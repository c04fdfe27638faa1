using Pickup.Abstractions.Users;
using Pickup.Core.Auditing;
using Pickup.Core.Flow;
using Pickup.Data.Sessions;
using Pickup.Host.Http;

namespace Pickup.Host.Oidc;

/// <summary>
/// The authorization and end-session endpoints' side of single sign-on: finds the browser's usable session, records
/// a completed login in it (or starts one), and ends it at logout. The sessions themselves are in the database
/// (<see cref="SsoSessionStore"/>), so every node sees them.
/// </summary>
/// <remarks>Lifetime: per request (scoped).</remarks>
internal sealed class SingleSignOn(SsoSessionStore store, IUserDirectory directory, IAuditLog audit, TimeProvider time)
{
    /// <summary>False when <c>[session] sso_idle_seconds</c> or <c>sso_max_seconds</c> is 0.</summary>
    public bool Enabled => store.Enabled;

    /// <summary>
    /// The browser's session when it may sign the user in without a page: valid (not idle, not past its end) and its
    /// user still exists, is not locked out and has <c>login</c>; with the user's name, read by that check. A session
    /// that fails the account check is ended (audited with the reason); a cookie that leads nowhere is removed.
    /// </summary>
    public async Task<(SsoSession Session, string Username)?> FindUsableAsync(HttpContext http)
    {
        if (!store.Enabled || SsoCookie.Read(http) is not { } cookie)
        {
            return null;
        }

        var lookup = await store.FindByCookieAsync(cookie, http.RequestAborted);
        if (lookup.Session is not { } session)
        {
            SsoCookie.Delete(http);
            return null;
        }

        var (user, refusal) = await AccountStanding.CheckAsync(directory, session.UserId, http.RequestAborted);
        if (refusal is not null || user is null)
        {
            await store.EndAsync(session.Id, refusal ?? "the user was deleted", http.RequestAborted);
            SsoCookie.Delete(http);
            return null;
        }

        return (session, user.Username);
    }

    /// <summary>What a usable session brings to a new login attempt.</summary>
    public static SsoGrant Grant(SsoSession session, string username) =>
        new(session.Id, session.UserId, username, session.Factors.Keys.ToHashSet(StringComparer.Ordinal));

    /// <summary>
    /// Records a completed login in the browser's session, or starts one (setting the cookie): the factors run now
    /// are added and move its authentication time; the client is added with its <c>sub</c>. A login by another user
    /// than the browser's session ends that session first. Null when single sign-on is off, or when the session the
    /// attempt reused ended meanwhile (the login must then not complete).
    /// </summary>
    public async Task<SsoRecord> RecordAsync(HttpContext http, LoginAttempt attempt, string clientId, string subject)
    {
        var now = time.GetUtcNow();
        if (!store.Enabled)
        {
            return new SsoRecord(null, attempt.CompletedAuthenticators, now, Refused: false);
        }

        var ct = http.RequestAborted;
        var userId = attempt.UserId!;
        var factorsRun = attempt.CompletedAuthenticators.Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => now, StringComparer.Ordinal);
        var current = await store.FindByCookieAsync(SsoCookie.Read(http), ct);
        if (attempt.SsoSessionId is { } reusedId && current.Session?.Id != reusedId)
        {
            // The steps this attempt skipped were proven by a session that is gone (logged out, revoked, expired).
            return new SsoRecord(null, [], now, Refused: true);
        }

        if (current.Session is { } session && session.UserId == userId)
        {
            var updated = await store.RecordLoginAsync(session.Id, factorsRun, factorsRun.Count > 0 ? now : null, clientId, subject, ct);
            if (updated is not null)
            {
                var detail = attempt.ReusedAuthenticators.Count > 0
                    ? $"{updated.Id}: skipped {string.Join('+', attempt.ReusedAuthenticators)}; ran {(factorsRun.Count == 0 ? "none" : string.Join('+', factorsRun.Keys))}"
                    : $"{updated.Id}: every step ran again ({string.Join('+', factorsRun.Keys)})";
                await audit.WriteAsync(new AuditEvent(AuditEventTypes.SsoReused) { UserId = userId, Username = attempt.Username, ClientId = clientId, Detail = detail }, ct);
                return new SsoRecord(updated, [.. updated.Factors.Keys], updated.AuthTime, Refused: false);
            }
        }
        else if (current.Session is { } other)
        {
            await store.EndAsync(other.Id, "another user signed in in the same browser", ct);
        }

        if (attempt.SsoSessionId is not null)
        {
            return new SsoRecord(null, [], now, Refused: true);
        }

        var cookie = SsoSessionStore.NewCookieValue();
        var created = await store.CreateAsync(cookie, userId, factorsRun, now, clientId, subject, ct);
        SsoCookie.Set(http, cookie);
        await audit.WriteAsync(
            new AuditEvent(AuditEventTypes.SsoCreated) { UserId = userId, Username = attempt.Username, ClientId = clientId, Detail = $"{created.Id}: {string.Join('+', factorsRun.Keys)}" },
            ct);
        return new SsoRecord(created, [.. created.Factors.Keys], created.AuthTime, Refused: false);
    }

    /// <summary>Ends the browser's session (RP-initiated logout) and removes its cookie; returns it, or null when there was none.</summary>
    public async Task<SsoSession?> EndCurrentAsync(HttpContext http, string reason)
    {
        var cookie = SsoCookie.Read(http);
        if (cookie is null)
        {
            return null;
        }

        SsoCookie.Delete(http);
        var lookup = await store.FindByCookieAsync(cookie, http.RequestAborted);
        return lookup.Session is { } session ? await store.EndAsync(session.Id, reason, http.RequestAborted) : null;
    }
}

/// <summary>What recording a login in single sign-on gave: the session, and the factors and time the ID token states.</summary>
/// <param name="Session">The session, or null when single sign-on is off or refused.</param>
/// <param name="Authenticators">The authenticator ids proven in the session (or in this attempt, without one).</param>
/// <param name="AuthTime">When the user last actively authenticated.</param>
/// <param name="Refused">True when the attempt reused a session that ended meanwhile: no code may be issued.</param>
internal sealed record SsoRecord(SsoSession? Session, IReadOnlyList<string> Authenticators, DateTimeOffset AuthTime, bool Refused);
