using Microsoft.EntityFrameworkCore;

namespace Pickup.Data.Users;

/// <summary>
/// Brings the unique column of the claims table in line with the configured <see cref="UniqueClaims"/> at start-up:
/// a claim that became unique (a service provider now takes its <c>sub</c> from it) gets its values indexed, a claim
/// that no longer is gets them released. Values several users share are left out and reported: the engine never picks
/// one of them.
/// </summary>
internal static class UniqueClaimBackfill
{
    public static async Task<IReadOnlyList<SharedClaimValue>> ApplyAsync(PickupDbContext db, UniqueClaims unique, CancellationToken cancellationToken)
    {
        var uris = unique.Uris.ToList();
        await db.UserClaims
            .Where(c => c.UniqueValue != null && !uris.Contains(c.ClaimUri))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UniqueValue, (string?)null), cancellationToken);

        var shared = new List<SharedClaimValue>();
        foreach (var uri in uris.Order(StringComparer.Ordinal))
        {
            var values = await db.UserClaims
                .Where(c => c.ClaimUri == uri)
                .GroupBy(c => c.Value)
                .Where(g => g.Count() > 1)
                .Select(g => g.Key)
                .ToListAsync(cancellationToken);
            foreach (var value in values)
            {
                var usernames = await db.UserClaims
                    .Where(c => c.ClaimUri == uri && c.Value == value)
                    .Select(c => c.User!.Username)
                    .OrderBy(n => n)
                    .ToListAsync(cancellationToken);
                shared.Add(new SharedClaimValue(uri, usernames));
            }

            await db.UserClaims
                .Where(c => c.ClaimUri == uri && (c.UniqueValue == null || c.UniqueValue != c.Value) && !values.Contains(c.Value))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.UniqueValue, c => c.Value), cancellationToken);
        }

        return shared;
    }
}

/// <summary>Users who share one value of a claim that must be unique (found at start-up; the value is not repeated here).</summary>
/// <param name="ClaimUri">The claim.</param>
/// <param name="Usernames">The users holding the same value, sorted.</param>
public sealed record SharedClaimValue(string ClaimUri, IReadOnlyList<string> Usernames)
{
    /// <summary>One sentence for the admin: the claim, the users, and how to fix it.</summary>
    public override string ToString() =>
        $"{ClaimUri} must be unique among users, but users {string.Join(", ", Usernames.Select(u => $"'{u}'"))} have the same value; "
        + $"give each their own with 'pickup users set-claim NAME {ClaimUri}=VALUE' (an empty VALUE removes it)";
}
