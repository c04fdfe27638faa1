using Microsoft.EntityFrameworkCore;
using Pickup.Core.Auditing;
using Pickup.Data.Entities;

namespace Pickup.Data.Users;

/// <summary>Manages roles and their permissions for <c>pickup roles</c> and the demo seeding.</summary>
/// <remarks>Lifetime: per request or per command (scoped). A new role is audited (role.created).</remarks>
public sealed class RoleAdministration(PickupDbContext db, IAuditLog audit)
{
    private const int MaxPermissionLength = 256;

    /// <summary>Creates a role granting <paramref name="permissions"/>.</summary>
    /// <exception cref="UserAdministrationException">The role exists, or a name or permission is invalid.</exception>
    public async Task<RoleDetails> AddRoleAsync(string name, IEnumerable<string> permissions, CancellationToken cancellationToken)
    {
        var problem = NameNormalizer.Problem(name, "role name");
        if (problem is not null)
        {
            throw new UserAdministrationException(problem);
        }

        var normalized = NameNormalizer.Normalize(name);
        if (await db.Roles.AnyAsync(r => r.NormalizedName == normalized, cancellationToken))
        {
            throw new UserAdministrationException($"A role named '{name}' already exists.");
        }

        var role = new RoleEntity { Name = name, NormalizedName = normalized };
        foreach (var permission in CheckPermissions(permissions))
        {
            role.Permissions.Add(new RolePermissionEntity { RoleId = role.Id, Permission = permission });
        }

        db.Roles.Add(role);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception)
        {
            throw new UserAdministrationException($"A role named '{name}' already exists.", exception);
        }

        var created = Describe(role);
        await audit.WriteAsync(
            new AuditEvent(AuditEventTypes.RoleCreated) { Detail = $"{created.Name}, permissions: {(created.Permissions.Count == 0 ? "none" : string.Join(", ", created.Permissions))}" },
            cancellationToken);
        return created;
    }

    /// <summary>For demo seeding: creates the role when absent, otherwise adds the permissions it lacks. Safe on every start.</summary>
    /// <exception cref="UserAdministrationException">A name or permission is invalid.</exception>
    public async Task<RoleDetails> EnsureRoleAsync(string name, IEnumerable<string> permissions, CancellationToken cancellationToken)
    {
        var wanted = CheckPermissions(permissions);
        var role = await FindEntityAsync(name, cancellationToken);
        if (role is null)
        {
            return await AddRoleAsync(name, wanted, cancellationToken);
        }

        foreach (var permission in wanted.Where(p => !role.Permissions.Any(existing => existing.Permission == p)))
        {
            role.Permissions.Add(new RolePermissionEntity { RoleId = role.Id, Permission = permission });
        }

        await db.SaveChangesAsync(cancellationToken);
        return Describe(role);
    }

    /// <summary>All roles, sorted by name.</summary>
    public async Task<IReadOnlyList<RoleDetails>> ListRolesAsync(CancellationToken cancellationToken)
    {
        var all = await db.Roles.AsNoTracking().Include(r => r.Permissions).OrderBy(r => r.NormalizedName).ToListAsync(cancellationToken);
        return [.. all.Select(Describe)];
    }

    /// <summary>Looks the roles up by name; each must exist.</summary>
    /// <exception cref="UserAdministrationException">A role does not exist.</exception>
    internal async Task<IReadOnlyList<RoleEntity>> FindExistingAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, RoleEntity>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var role = await FindEntityAsync(name, cancellationToken)
                ?? throw new UserAdministrationException(
                    $"There is no role named '{name}'. Create it first, e.g. pickup roles add {name} --permission login");
            found.TryAdd(role.Id, role);
        }

        return [.. found.Values];
    }

    private async Task<RoleEntity?> FindEntityAsync(string name, CancellationToken cancellationToken)
    {
        if (NameNormalizer.Problem(name, "role name") is not null)
        {
            return null;
        }

        var normalized = NameNormalizer.Normalize(name);
        return await db.Roles.Include(r => r.Permissions).SingleOrDefaultAsync(r => r.NormalizedName == normalized, cancellationToken);
    }

    private static List<string> CheckPermissions(IEnumerable<string> permissions)
    {
        var result = new List<string>();
        foreach (var permission in permissions)
        {
            if (string.IsNullOrWhiteSpace(permission) || permission.Length > MaxPermissionLength || permission.Any(char.IsWhiteSpace))
            {
                throw new UserAdministrationException($"'{permission}' is not a permission name (for example: login).");
            }

            if (!result.Contains(permission, StringComparer.Ordinal))
            {
                result.Add(permission);
            }
        }

        return result;
    }

    private static RoleDetails Describe(RoleEntity role) =>
        new(role.Name, [.. role.Permissions.Select(p => p.Permission).Order(StringComparer.Ordinal)]);
}
