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
    public static async Task SetAsync(PickupDbContext db, string userId, string claimUri, string value, CancellationToken cancellationToken)
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

        var normalized = ClaimValues.Normalize(claimUri, value);
        if (existing is null)
        {
            db.UserClaims.Add(new UserClaimEntity { UserId = userId, ClaimUri = claimUri, Value = normalized });
        }
        else
        {
            existing.Value = normalized;
        }
    }

    /// <summary>The audit event of a claim set or removed: the URI only, never the value (a phone number is personal data).</summary>
    public static AuditEvent Changed(string userId, string? username, string claimUri, string value) =>
        new(AuditEventTypes.UserClaimChanged)
        {
            UserId = userId,
            Username = username,
            Detail = value.Length == 0 ? claimUri + " removed" : claimUri + " set",
        };

    public static async Task<DirectoryUser> LoadDirectoryUserAsync(PickupDbContext db, UserEntity user, CancellationToken cancellationToken)
    {
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var claim in UserQueries.Claims(db, user.Id).WithCancellation(cancellationToken))
        {
            claims[claim.ClaimUri] = claim.Value;
        }

        var permissions = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var permission in UserQueries.Permissions(db, user.Id).WithCancellation(cancellationToken))
        {
            permissions.Add(permission);
        }

        return new DirectoryUser(user.Id, user.Username, claims, permissions);
    }
}
