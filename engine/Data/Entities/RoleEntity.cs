namespace Pickup.Data.Entities;

/// <summary>A role: a named set of permissions (e.g. <c>driver</c> grants <c>login</c>).</summary>
public sealed class RoleEntity
{
    public string Id { get; set; } = Guid.NewGuid().ToString();

    /// <summary>The name as the admin typed it.</summary>
    public required string Name { get; set; }

    /// <summary>The unique lookup key, compared case-insensitively like usernames.</summary>
    public required string NormalizedName { get; set; }

    public List<RolePermissionEntity> Permissions { get; } = [];

    public List<UserRoleEntity> Users { get; } = [];
}
