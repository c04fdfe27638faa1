using Microsoft.EntityFrameworkCore;
using Pickup.Data.Entities;

namespace Pickup.Data.Users;

/// <summary>
/// The user-store queries every login runs, compiled once. An ordinary LINQ query is translated again on each
/// execution as far as EF Core's query cache lookup (walking and hashing the expression tree, evaluating its captured
/// values), which the benchmark's profile showed as a visible share of a login's CPU time.
/// </summary>
internal static class UserQueries
{
    /// <summary>A user by <see cref="UserEntity.NormalizedUsername"/>, tracked (the password check may rehash it).</summary>
    public static readonly Func<PickupDbContext, string, CancellationToken, Task<UserEntity?>> ByNormalizedUsername =
        EF.CompileAsyncQuery((PickupDbContext db, string normalized, CancellationToken ct) =>
            db.Users.SingleOrDefault(u => u.NormalizedUsername == normalized));

    /// <summary>A user by id, not tracked.</summary>
    public static readonly Func<PickupDbContext, string, CancellationToken, Task<UserEntity?>> ById =
        EF.CompileAsyncQuery((PickupDbContext db, string userId, CancellationToken ct) =>
            db.Users.AsNoTracking().SingleOrDefault(u => u.Id == userId));

    /// <summary>A user's claims, not tracked.</summary>
    public static readonly Func<PickupDbContext, string, IAsyncEnumerable<UserClaimEntity>> Claims =
        EF.CompileAsyncQuery((PickupDbContext db, string userId) =>
            db.UserClaims.AsNoTracking().Where(c => c.UserId == userId));

    /// <summary>The permissions a user holds through their roles, each once.</summary>
    public static readonly Func<PickupDbContext, string, IAsyncEnumerable<string>> Permissions =
        EF.CompileAsyncQuery((PickupDbContext db, string userId) =>
            db.UserRoles
                .Where(m => m.UserId == userId)
                .Join(db.RolePermissions, m => m.RoleId, p => p.RoleId, (_, p) => p.Permission)
                .Distinct());
}
