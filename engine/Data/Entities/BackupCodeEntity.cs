namespace Pickup.Data.Entities;

/// <summary>A single-use backup code, stored only as a hash.</summary>
public sealed class BackupCodeEntity
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    /// <summary>A PHC string from the password hasher; the code itself is never stored.</summary>
    public required string CodeHash { get; set; }

    /// <summary>When the code was redeemed; null while it is still usable.</summary>
    public DateTimeOffset? UsedAt { get; set; }

    public UserEntity? User { get; set; }
}
