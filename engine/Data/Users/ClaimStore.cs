using Microsoft.EntityFrameworkCore;
using Pickup.Abstractions.Users;
using Pickup.Core.Auditing;
using Pickup.Data.Entities;

namespace Pickup.Data.Users;

/// <summary>Reads and writes user claims and builds the plugin-facing <see cref="DirectoryUser"/>.</summary>
internal static class ClaimStore
{
    /// <summary>Sets, replaces or (for an empty value) removes one claim; the change is saved by the caller.</summary>
    /// <exception cref="ArgumentException">The URI or value is invalid (the message says why).</exception>
    /// <exception cref="ClaimValueTakenException">The claim is unique and another user holds the value.</exception>
    public static async Task SetAsync(
        PickupDbContext db,
        UniqueClaims unique,
        string userId,
        string claimUri,
        string value,
        CancellationToken cancellationToken)
    {
        var existing = await db.UserClaims.FindAsync([userId, claimUri], cancellationToken);
        if (value.Length == 0)
        {
            if (existing is not null)
            {
                db.UserClaims.Remove(existing);
            }

            return;
        }

        var normalized = ClaimValues.Normalize(unique, claimUri, value);
        var isUnique = unique.Contains(claimUri);
        if (isUnique && await HolderOfAsync(db, userId, claimUri, normalized, cancellationToken) is not null)
        {
            throw ClaimValueTakenException.For(claimUri);
        }

        var uniqueValue = isUnique ? normalized : null;
        if (existing is null)
        {
            db.UserClaims.Add(new UserClaimEntity { UserId = userId, ClaimUri = claimUri, Value = normalized, UniqueValue = uniqueValue });
        }
        else
        {
            existing.Value = normalized;
            existing.UniqueValue = uniqueValue;
        }
    }

    /// <summary>
    /// The id of a user other than <paramref name="userId"/> whose <paramref name="claimUri"/> is
    /// <paramref name="normalized"/> (a value as <see cref="ClaimValues.Normalize"/> returns it), or null.
    /// </summary>
    /// <remarks>Compares the stored value, not the unique column: rows left out of it (duplicates found at start-up) count too.</remarks>
    public static Task<string?> HolderOfAsync(PickupDbContext db, string userId, string claimUri, string normalized, CancellationToken cancellationToken) =>
        db.UserClaims
            .AsNoTracking()
            .Where(c => c.ClaimUri == claimUri && c.Value == normalized && c.UserId != userId)
            .Select(c => c.UserId)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The audit event of a claim set or removed: the URI only, never the value (a phone number is personal data).</summary>
    public static AuditEvent Changed(string userId, string? username, string claimUri, string value) =>
        new(AuditEventTypes.UserClaimChanged)
        {
            UserId = userId,
            Username = username,
            Detail = value.Length == 0 ? claimUri + " removed" : claimUri + " set",
        };

    /// <summary>A user with claims, permissions and lock-out state, in one query; null when there is no such user.</summary>
    public static async Task<LoadedUser?> LoadDirectoryUserAsync(PickupDbContext db, string userId, CancellationToken cancellationToken)
    {
        var rows = await UserQueries.DirectoryUser(db, userId, cancellationToken);
        if (rows is null)
        {
            return null;
        }

        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var claim in rows.Claims)
        {
            claims[claim.ClaimUri] = claim.Value;
        }

        var user = new DirectoryUser { Id = rows.Id, Username = rows.Username, Claims = claims, Permissions = rows.Permissions.ToHashSet(StringComparer.Ordinal) };
        return new LoadedUser(user, rows.LockoutUntil, rows.FailedAttempts);
    }
}

/// <summary>A user as one query read it: what plugins see, and the lock-out state read with it.</summary>
/// <param name="User">The plugin-facing user.</param>
/// <param name="LockoutUntil">The stored end of a lock-out (possibly past).</param>
/// <param name="FailedAttempts">The stored count of consecutive failures.</param>
internal sealed record LoadedUser(DirectoryUser User, DateTimeOffset? LockoutUntil, int FailedAttempts)
{
    /// <summary>Nothing for a success to reset.</summary>
    public bool IsClean => FailedAttempts == 0 && LockoutUntil is null;
}
