namespace Pickup.Data.Entities;

/// <summary>One permission a role grants.</summary>
public sealed class RolePermissionEntity
{
    public required string RoleId { get; set; }

    public required string Permission { get; set; }

    public RoleEntity? Role { get; set; }
}
