using Microsoft.EntityFrameworkCore;
using Pickup.Data.Entities;

namespace Pickup.Data.Users;

/// <summary>
/// The user-store queries every login runs, compiled once. An ordinary LINQ query is translated again on each
/// execution as far as EF Core's query cache lookup (walking and hashing the expression tree, evaluating its captured
/// values): work every login would otherwise repeat for the same few queries.
/// </summary>
/// <remarks>
/// A compiled query binds to the model it first runs with, and each provider has a model of its own: each query is
/// compiled once per provider, so one process (the test suite) may use both.
/// </remarks>
internal static class UserQueries
{
    private static readonly Func<PickupDbContext, string, CancellationToken, Task<UserEntity?>>[] ByName =
        [CompileByName(), CompileByName()];

    private static readonly Func<PickupDbContext, string, CancellationToken, Task<DirectoryRows?>>[] Directory =
        [CompileDirectoryUser(), CompileDirectoryUser()];

    /// <summary>A user by <see cref="UserEntity.NormalizedUsername"/>, tracked (the password check may rehash it).</summary>
    public static Task<UserEntity?> ByNormalizedUsername(PickupDbContext db, string normalized, CancellationToken ct) =>
        ByName[Provider(db)](db, normalized, ct);

    /// <summary>
    /// A user with their claims and the permissions their roles grant, in one round trip (a login reads this four
    /// times: three separate queries each time made it a third of all the statements of a login).
    /// </summary>
    public static Task<DirectoryRows?> DirectoryUser(PickupDbContext db, string userId, CancellationToken ct) =>
        Directory[Provider(db)](db, userId, ct);

    private static int Provider(PickupDbContext db) => db is PostgresPickupDbContext ? 1 : 0;

    private static Func<PickupDbContext, string, CancellationToken, Task<UserEntity?>> CompileByName() =>
        EF.CompileAsyncQuery((PickupDbContext db, string normalized, CancellationToken ct) =>
            db.Users.SingleOrDefault(u => u.NormalizedUsername == normalized));

    private static Func<PickupDbContext, string, CancellationToken, Task<DirectoryRows?>> CompileDirectoryUser() =>
        EF.CompileAsyncQuery((PickupDbContext db, string userId, CancellationToken ct) =>
            db.Users
                .AsNoTracking()
                .Where(u => u.Id == userId)
                .Select(u => new DirectoryRows
                {
                    Id = u.Id,
                    Username = u.Username,
                    LockoutUntil = u.LockoutUntil,
                    FailedAttempts = u.FailedAttempts,
                    Claims = u.Claims.Select(c => new ClaimRow { ClaimUri = c.ClaimUri, Value = c.Value }).ToList(),
                    // Not made distinct here (SQLite cannot run the APPLY that would take); the caller makes a set.
                    Permissions = u.Roles.SelectMany(r => r.Role!.Permissions).Select(p => p.Permission).ToList(),
                })
                .SingleOrDefault());
}

/// <summary>One user as <see cref="UserQueries.DirectoryUser"/> reads it.</summary>
internal sealed class DirectoryRows
{
    public required string Id { get; init; }

    public required string Username { get; init; }

    public DateTimeOffset? LockoutUntil { get; init; }

    public int FailedAttempts { get; init; }

    public required List<ClaimRow> Claims { get; init; }

    public required List<string> Permissions { get; init; }
}

/// <summary>One claim of <see cref="DirectoryRows"/>.</summary>
internal sealed class ClaimRow
{
    public required string ClaimUri { get; init; }

    public required string Value { get; init; }
}
