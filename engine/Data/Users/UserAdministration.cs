using Microsoft.EntityFrameworkCore;
using Pickup.Abstractions.Users;
using Pickup.Core.Auditing;
using Pickup.Data.Entities;
using Pickup.Data.Passwords;
using Pickup.Data.Sessions;

namespace Pickup.Data.Users;

/// <summary>
/// Manages users for the <c>pickup users</c> command line and the demo seeding. Every refusal is a
/// <see cref="UserAdministrationException"/> whose message an admin can act on; nothing here returns or prints a
/// password, hash or stored code. Every change is audited (user.created, user.deleted, user.claim.changed,
/// account.unlocked) once it is saved.
/// </summary>
/// <remarks>Lifetime: per request or per command (scoped).</remarks>
public sealed class UserAdministration(
    PickupDbContext db,
    Argon2idPasswordHasher hasher,
    RoleAdministration roles,
    TimeProvider time,
    IAuditLog audit,
    UniqueClaims uniqueClaims,
    SsoSessionStore sessions)
{
    /// <summary>Creates a user.</summary>
    /// <param name="username">The login name; unique regardless of case.</param>
    /// <param name="password">The password (not empty).</param>
    /// <param name="roleNames">Existing roles to grant.</param>
    /// <param name="claims">Claims by URI; a claim with a plugin's rule is normalised by it.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="UserAdministrationException">The name exists, a role does not, or a value is invalid.</exception>
    public async Task<UserDetails> AddUserAsync(
        string username,
        string password,
        IEnumerable<string> roleNames,
        IEnumerable<KeyValuePair<string, string>> claims,
        CancellationToken cancellationToken)
    {
        Check(NameNormalizer.Problem(username, "username"));
        if (string.IsNullOrEmpty(password))
        {
            throw new UserAdministrationException("The password is empty.");
        }

        var normalized = NameNormalizer.Normalize(username);
        if (await db.Users.AnyAsync(u => u.NormalizedUsername == normalized, cancellationToken))
        {
            throw new UserAdministrationException($"A user named '{username}' already exists.");
        }

        var roleEntities = await roles.FindExistingAsync(roleNames, cancellationToken);
        var user = new UserEntity
        {
            Username = username,
            NormalizedUsername = normalized,
            PasswordHash = hasher.Hash(password),
            CreatedAt = time.GetUtcNow(),
        };
        db.Users.Add(user);
        foreach (var role in roleEntities)
        {
            user.Roles.Add(new UserRoleEntity { UserId = user.Id, RoleId = role.Id });
        }

        var claimList = claims.ToList();
        await SetClaimsAsync(user.Id, claimList, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception)
        {
            // Another admin created the same name, or gave another user one of these unique values, between our
            // checks and the insert (unique indexes).
            db.ChangeTracker.Clear();
            await ThrowIfAnyClaimTakenAsync(user.Id, claimList, exception, cancellationToken);
            throw new UserAdministrationException($"A user named '{username}' already exists.", exception);
        }

        await audit.WriteAsync(
            new AuditEvent(AuditEventTypes.UserCreated)
            {
                UserId = user.Id,
                Username = user.Username,
                Detail = "roles: " + (roleEntities.Count == 0 ? "none" : string.Join(", ", roleEntities.Select(r => r.Name))),
            },
            cancellationToken);
        return (await FindAsync(username, cancellationToken))!;
    }

    /// <summary>All users, sorted by name.</summary>
    public async Task<IReadOnlyList<UserDetails>> ListAsync(CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking().OrderBy(u => u.NormalizedUsername).ToListAsync(cancellationToken);
        var result = new List<UserDetails>(users.Count);
        foreach (var user in users)
        {
            result.Add(await DescribeAsync(user, cancellationToken));
        }

        return result;
    }

    /// <summary>One user, or null when no user has this name.</summary>
    public async Task<UserDetails?> FindAsync(string username, CancellationToken cancellationToken)
    {
        var user = await FindEntityAsync(username, cancellationToken);
        return user is null ? null : await DescribeAsync(user, cancellationToken);
    }

    /// <summary>Sets, replaces or (with an empty value) removes one claim.</summary>
    /// <exception cref="UserAdministrationException">
    /// No such user, the value is invalid (e.g. not a phone number), or the claim is unique and another user holds the value.
    /// </exception>
    public async Task SetClaimAsync(string username, string claimUri, string value, CancellationToken cancellationToken)
    {
        var user = await GetEntityAsync(username, cancellationToken);
        KeyValuePair<string, string>[] claims = [new(claimUri, value)];
        await SetClaimsAsync(user.Id, claims, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception)
        {
            db.ChangeTracker.Clear();
            await ThrowIfAnyClaimTakenAsync(user.Id, claims, exception, cancellationToken);
            throw;
        }

        await audit.WriteAsync(ClaimStore.Changed(user.Id, user.Username, claimUri, value), cancellationToken);
    }

    /// <summary>Clears the failure count and any lock-out.</summary>
    /// <exception cref="UserAdministrationException">No such user.</exception>
    public async Task UnlockAsync(string username, CancellationToken cancellationToken)
    {
        var user = await GetEntityAsync(username, cancellationToken);
        var wasLocked = user.LockoutUntil > time.GetUtcNow();
        user.FailedAttempts = 0;
        user.LockoutUntil = null;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(
            new AuditEvent(AuditEventTypes.AccountUnlocked) { UserId = user.Id, Username = user.Username, Detail = wasLocked ? "was locked" : "was not locked" },
            cancellationToken);
    }

    /// <summary>Deletes a user with their claims, role memberships and credentials, revokes their tokens and ends their single sign-on sessions.</summary>
    /// <exception cref="UserAdministrationException">No such user.</exception>
    public async Task DeleteAsync(string username, CancellationToken cancellationToken)
    {
        var user = await GetEntityAsync(username, cancellationToken);
        db.Users.Remove(user);
        await db.SaveChangesAsync(cancellationToken);
        await UserTokens.RevokeAsync(db, user.Id, cancellationToken);
        await sessions.EndAllAsync(user.Id, "the user was deleted", cancellationToken);
        await audit.WriteAsync(new AuditEvent(AuditEventTypes.UserDeleted) { UserId = user.Id, Username = user.Username }, cancellationToken);
    }

    /// <summary>
    /// For demo seeding: creates the user when absent; otherwise resets the password to <paramref name="password"/>,
    /// clears any lock-out, adds missing roles and sets the given claims. Safe to run on every start.
    /// </summary>
    /// <exception cref="UserAdministrationException">A role does not exist or a value is invalid.</exception>
    public async Task<UserDetails> EnsureUserAsync(
        string username,
        string password,
        IEnumerable<string> roleNames,
        IEnumerable<KeyValuePair<string, string>> claims,
        CancellationToken cancellationToken)
    {
        var user = await FindEntityAsync(username, cancellationToken);
        if (user is null)
        {
            return await AddUserAsync(username, password, roleNames, claims, cancellationToken);
        }

        if (string.IsNullOrEmpty(password))
        {
            throw new UserAdministrationException("The password is empty.");
        }

        // Verify first: Argon2id runs either way, but an unchanged password keeps its hash (and its salt).
        if (!hasher.Verify(password, user.PasswordHash) || hasher.NeedsRehash(user.PasswordHash))
        {
            user.PasswordHash = hasher.Hash(password);
        }

        user.FailedAttempts = 0;
        user.LockoutUntil = null;
        var current = await db.UserRoles.Where(m => m.UserId == user.Id).Select(m => m.RoleId).ToListAsync(cancellationToken);
        foreach (var role in await roles.FindExistingAsync(roleNames, cancellationToken))
        {
            if (!current.Contains(role.Id))
            {
                db.UserRoles.Add(new UserRoleEntity { UserId = user.Id, RoleId = role.Id });
            }
        }

        await SetClaimsAsync(user.Id, claims, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (await FindAsync(username, cancellationToken))!;
    }

    /// <summary>Creates a role granting <paramref name="permissions"/> (see <see cref="RoleAdministration.AddRoleAsync"/>).</summary>
    /// <exception cref="UserAdministrationException">The role exists, or a name or permission is invalid.</exception>
    public Task<RoleDetails> AddRoleAsync(string name, IEnumerable<string> permissions, CancellationToken cancellationToken) =>
        roles.AddRoleAsync(name, permissions, cancellationToken);

    /// <summary>For demo seeding: creates the role when absent, otherwise adds missing permissions.</summary>
    /// <exception cref="UserAdministrationException">A name or permission is invalid.</exception>
    public Task<RoleDetails> EnsureRoleAsync(string name, IEnumerable<string> permissions, CancellationToken cancellationToken) =>
        roles.EnsureRoleAsync(name, permissions, cancellationToken);

    /// <summary>All roles, sorted by name.</summary>
    public Task<IReadOnlyList<RoleDetails>> ListRolesAsync(CancellationToken cancellationToken) =>
        roles.ListRolesAsync(cancellationToken);

    private async Task SetClaimsAsync(string userId, IEnumerable<KeyValuePair<string, string>> claims, CancellationToken cancellationToken)
    {
        foreach (var (uri, value) in claims)
        {
            try
            {
                await ClaimStore.SetAsync(db, uniqueClaims, userId, uri, value, cancellationToken);
            }
            catch (ArgumentException exception)
            {
                throw new UserAdministrationException(ArgumentMessage(exception), exception);
            }
            catch (ClaimValueTakenException exception)
            {
                var holder = await ClaimStore.HolderOfAsync(db, userId, uri, ClaimValues.Normalize(uniqueClaims, uri, value), cancellationToken);
                throw await TakenAsync(uri, holder, exception, cancellationToken);
            }
        }
    }

    // After the database refused a save: a unique value another user took meanwhile is named, like one found before.
    private async Task ThrowIfAnyClaimTakenAsync(
        string userId,
        IEnumerable<KeyValuePair<string, string>> claims,
        DbUpdateException exception,
        CancellationToken cancellationToken)
    {
        foreach (var (uri, value) in claims.Where(c => uniqueClaims.Contains(c.Key)))
        {
            if (ClaimValues.TryNormalize(uniqueClaims, uri, value) is { } normalized
                && await ClaimStore.HolderOfAsync(db, userId, uri, normalized, cancellationToken) is { } holder)
            {
                throw await TakenAsync(uri, holder, exception, cancellationToken);
            }
        }
    }

    // The admin may learn whose value it is: that is what they need to fix it.
    private async Task<UserAdministrationException> TakenAsync(string claimUri, string? holderId, Exception exception, CancellationToken cancellationToken)
    {
        var holder = holderId is null
            ? null
            : await db.Users.AsNoTracking().Where(u => u.Id == holderId).Select(u => u.Username).FirstOrDefaultAsync(cancellationToken);
        return new UserAdministrationException(
            $"{claimUri} must be unique among users, and user '{holder ?? "(another)"}' already has this value; nothing was changed.",
            exception);
    }

    private async Task<UserEntity?> FindEntityAsync(string username, CancellationToken cancellationToken)
    {
        if (NameNormalizer.Problem(username, "username") is not null)
        {
            return null;
        }

        var normalized = NameNormalizer.Normalize(username);
        return await db.Users.SingleOrDefaultAsync(u => u.NormalizedUsername == normalized, cancellationToken);
    }

    private async Task<UserEntity> GetEntityAsync(string username, CancellationToken cancellationToken) =>
        await FindEntityAsync(username, cancellationToken)
        ?? throw new UserAdministrationException($"There is no user named '{username}'.");

    private async Task<UserDetails> DescribeAsync(UserEntity user, CancellationToken cancellationToken)
    {
        var roleNames = await db.UserRoles
            .AsNoTracking()
            .Where(m => m.UserId == user.Id)
            .Select(m => m.Role!.Name)
            .ToListAsync(cancellationToken);
        var claims = await db.UserClaims
            .AsNoTracking()
            .Where(c => c.UserId == user.Id)
            .ToDictionaryAsync(c => c.ClaimUri, c => c.Value, StringComparer.Ordinal, cancellationToken);
        var credentials = await db.Credentials
            .AsNoTracking()
            .Where(c => c.UserId == user.Id)
            .Select(c => new { c.Type, c.LastUsedAt })
            .ToListAsync(cancellationToken);
        var lockedUntil = user.LockoutUntil > time.GetUtcNow() ? user.LockoutUntil : null;
        return new UserDetails(
            user.Id,
            user.Username,
            user.CreatedAt,
            [.. roleNames.Order(StringComparer.Ordinal)],
            claims,
            user.FailedAttempts,
            lockedUntil,
            [.. credentials
                .GroupBy(c => c.Type, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new CredentialSummary(g.Key, g.Count(), g.Max(c => c.LastUsedAt)))]);
    }

    private static void Check(string? problem)
    {
        if (problem is not null)
        {
            throw new UserAdministrationException(problem);
        }
    }

    // ArgumentException appends " (Parameter 'x')" to its message; an admin does not need that.
    internal static string ArgumentMessage(ArgumentException exception) =>
        exception.ParamName is null ? exception.Message : exception.Message.Replace($" (Parameter '{exception.ParamName}')", string.Empty, StringComparison.Ordinal);
}
