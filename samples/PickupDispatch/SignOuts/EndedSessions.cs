using Microsoft.EntityFrameworkCore;

namespace Pickup.Samples.PickupDispatch.SignOuts;

/// <summary>
/// Records what back-channel logout tokens ended, and answers whether a signed-in cookie belongs to an ended session.
/// Per request (scoped, over <see cref="SignOutsDbContext"/>).
/// </summary>
/// <remarks>
/// A cookie is matched on <c>sid</c> when both it and the token have one; otherwise on <c>sub</c>, and then only a
/// sign-in made before the token ends (the driver may have signed in again since).
/// </remarks>
public sealed class EndedSessions(SignOutsDbContext db, TimeProvider time)
{
    /// <summary>
    /// Remembers <paramref name="tokenId"/> until <paramref name="expiresAt"/>; false when it was already used (a replay).
    /// </summary>
    public async Task<bool> TryUseTokenAsync(string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await db.UsedLogoutTokens.Where(u => u.ExpiresAtMs < now).ExecuteDeleteAsync(cancellationToken);
        db.UsedLogoutTokens.Add(new UsedLogoutToken { TokenId = tokenId, ExpiresAtMs = expiresAt.ToUnixTimeMilliseconds() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // The key exists: this jti was acted on before.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Ends the session <paramref name="sessionId"/>, or every earlier sign-in of <paramref name="subject"/>.</summary>
    public async Task EndAsync(string? sessionId, string? subject, CancellationToken cancellationToken)
    {
        db.EndedSessions.Add(new EndedSession
        {
            SessionId = sessionId,
            Subject = subject,
            EndedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>True when a cookie of this session (<paramref name="sessionId"/> may be null) was ended.</summary>
    /// <param name="sessionId">The ID token's <c>sid</c>, when it had one.</param>
    /// <param name="subject">The ID token's <c>sub</c>.</param>
    /// <param name="signedInAt">When the cookie was issued at sign-in (not renewed by sliding expiration).</param>
    /// <param name="cancellationToken">Stops the query.</param>
    public Task<bool> IsEndedAsync(string? sessionId, string subject, DateTimeOffset signedInAt, CancellationToken cancellationToken)
    {
        var signedInMs = signedInAt.ToUnixTimeMilliseconds();
        return sessionId is null
            ? db.EndedSessions.AnyAsync(e => e.Subject == subject && e.EndedAtMs >= signedInMs, cancellationToken)
            : db.EndedSessions.AnyAsync(
                e => e.SessionId == sessionId || (e.SessionId == null && e.Subject == subject && e.EndedAtMs >= signedInMs),
                cancellationToken);
    }
}
