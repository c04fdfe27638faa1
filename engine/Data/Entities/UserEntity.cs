namespace Pickup.Data.Entities;

/// <summary>A local user account.</summary>
public sealed class UserEntity
{
    /// <summary>Stable id (a GUID string); never changes, unlike the username.</summary>
    public string Id { get; set; } = Guid.NewGuid().ToString();

    /// <summary>The login name as the admin typed it.</summary>
    public required string Username { get; set; }

    /// <summary>The unique lookup key (Unicode compatibility form, upper case): names differing only in case are one account.</summary>
    public required string NormalizedUsername { get; set; }

    /// <summary>A PHC string (<c>$argon2id$v=19$m=...,t=...,p=...$salt$hash</c>).</summary>
    public required string PasswordHash { get; set; }

    /// <summary>Consecutive password or code failures since the last success or unlock.</summary>
    public int FailedAttempts { get; set; }

    /// <summary>When set and in the future, the account is locked.</summary>
    public DateTimeOffset? LockoutUntil { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<UserRoleEntity> Roles { get; } = [];

    public List<UserClaimEntity> Claims { get; } = [];

    public List<CredentialEntity> Credentials { get; } = [];
}
