namespace Pickup.Data.Entities;

/// <summary>Membership of a user in a role.</summary>
public sealed class UserRoleEntity
{
    public required string UserId { get; set; }

    public required string RoleId { get; set; }

    public UserEntity? User { get; set; }

    public RoleEntity? Role { get; set; }
}
