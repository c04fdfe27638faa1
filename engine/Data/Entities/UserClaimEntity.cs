namespace Pickup.Data.Entities;

/// <summary>One claim of a user; at most one value per claim URI.</summary>
public sealed class UserClaimEntity
{
    public required string UserId { get; set; }

    /// <summary>A local claim URI such as <c>http://wso2.org/claims/emailaddress</c>.</summary>
    public required string ClaimUri { get; set; }

    public required string Value { get; set; }

    /// <summary>
    /// <see cref="Value"/> again for a claim that must be unique among users (one a plugin's claim rule marks unique, or any service
    /// provider's subject claim, see <see cref="Users.UniqueClaims"/>), otherwise null. A unique index on
    /// (<see cref="ClaimUri"/>, this) lets no two users hold the same value; NULLs never collide.
    /// </summary>
    public string? UniqueValue { get; set; }

    public UserEntity? User { get; set; }
}
