namespace Pickup.Data.Users;

/// <summary>What an admin may see of a user (never the password hash or a credential's secret).</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Username">Login name.</param>
/// <param name="CreatedAt">When the account was created.</param>
/// <param name="Roles">Role names, sorted.</param>
/// <param name="Claims">Claims by URI.</param>
/// <param name="FailedAttempts">Consecutive failures since the last success or unlock.</param>
/// <param name="LockedUntil">When the current lock-out ends; null when the account is not locked now.</param>
/// <param name="Credentials">The user's credentials, per type, sorted by type.</param>
public sealed record UserDetails(
    string Id,
    string Username,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> Roles,
    IReadOnlyDictionary<string, string> Claims,
    int FailedAttempts,
    DateTimeOffset? LockedUntil,
    IReadOnlyList<CredentialSummary> Credentials)
{
    /// <summary>True while a lock-out is in force.</summary>
    public bool IsLocked => LockedUntil is not null;
}

/// <summary>How many credentials of one type a user holds, and when one was last used.</summary>
/// <param name="Type">The credential type (declared by a plugin).</param>
/// <param name="Count">How many the user holds.</param>
/// <param name="LastUsedAt">The latest recorded use of any of them, or null.</param>
public sealed record CredentialSummary(string Type, int Count, DateTimeOffset? LastUsedAt);

/// <summary>A role and the permissions it grants.</summary>
/// <param name="Name">The role name.</param>
/// <param name="Permissions">Permissions, sorted.</param>
public sealed record RoleDetails(string Name, IReadOnlyList<string> Permissions);
