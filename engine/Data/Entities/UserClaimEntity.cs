namespace Pickup.Data.Entities;

/// <summary>One claim of a user; at most one value per claim URI.</summary>
public sealed class UserClaimEntity
{
    public required string UserId { get; set; }

    /// <summary>A local claim URI such as <c>http://wso2.org/claims/mobile</c>.</summary>
    public required string ClaimUri { get; set; }

    public required string Value { get; set; }

    public UserEntity? User { get; set; }
}
