using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Pickup.Data.Users;

/// <summary>
/// Revokes a user's OpenID Connect grants in the database: every authorization the engine created for the user and
/// every token issued under it (refresh tokens, access tokens, unredeemed codes), so they stop working at once, on
/// every node.
/// </summary>
/// <remarks>
/// The engine creates each authorization with the user store's id as its subject (the tokens' own subject is the
/// service provider's <c>sub</c>, e.g. a phone number, which can change or pass to another user): that id is how a
/// user's grants are found. The updates are single statements; they also change the rows' concurrency tokens, so a
/// refresh racing with them cannot save its "redeemed" mark over a revocation.
/// </remarks>
public static class UserTokens
{
    /// <summary>Revokes every valid authorization whose subject is <paramref name="userId"/>, with their tokens.</summary>
    /// <returns>How many authorizations were revoked.</returns>
    public static async Task<int> RevokeAsync(PickupDbContext db, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var ids = await db.Set<OpenIddictEntityFrameworkCoreAuthorization>()
            .Where(a => a.Subject == userId && a.Status == Statuses.Valid)
            .Select(a => a.Id!)
            .ToListAsync(cancellationToken);
        return ids.Count == 0 ? 0 : await RevokeAuthorizationsAsync(db, ids, cancellationToken);
    }

    /// <summary>How many valid authorizations (token families) the user has.</summary>
    public static Task<int> CountValidAsync(PickupDbContext db, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<OpenIddictEntityFrameworkCoreAuthorization>().CountAsync(a => a.Subject == userId && a.Status == Statuses.Valid, cancellationToken);
    }

    /// <summary>Revokes the given authorizations (token families) and every token issued under them.</summary>
    /// <returns>How many authorizations were revoked.</returns>
    public static async Task<int> RevokeAuthorizationsAsync(PickupDbContext db, IReadOnlyCollection<string> authorizationIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(authorizationIds);
        var stamp = Guid.NewGuid().ToString();
        await db.Set<OpenIddictEntityFrameworkCoreToken>()
            .Where(t => t.Authorization != null && authorizationIds.Contains(t.Authorization.Id!) && t.Status != Statuses.Revoked)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, Statuses.Revoked).SetProperty(t => t.ConcurrencyToken, stamp), cancellationToken);
        return await db.Set<OpenIddictEntityFrameworkCoreAuthorization>()
            .Where(a => authorizationIds.Contains(a.Id!) && a.Status != Statuses.Revoked)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, Statuses.Revoked).SetProperty(a => a.ConcurrencyToken, stamp), cancellationToken);
    }
}
