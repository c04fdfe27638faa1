using Pickup.Abstractions.Users;

namespace Pickup.Host.Oidc;

/// <summary>
/// Whether a user may still be signed in without typing anything: they exist, are not locked out and still have the
/// <c>login</c> permission. Shared by the refresh token check and single sign-on, so both decide alike.
/// </summary>
internal static class AccountStanding
{
    /// <summary>Why the user may not be signed in now, or null when they may.</summary>
    public static async Task<string?> RefusalAsync(IUserDirectory directory, string userId, CancellationToken cancellationToken) =>
        (await CheckAsync(directory, userId, cancellationToken)).Refusal;

    /// <summary>The user (null when deleted), and why they may not be signed in now (null when they may).</summary>
    public static async Task<(DirectoryUser? User, string? Refusal)> CheckAsync(IUserDirectory directory, string userId, CancellationToken cancellationToken)
    {
        var user = await directory.FindByIdAsync(userId, cancellationToken);
        if (user is null)
        {
            return (null, "the user was deleted");
        }

        if (await directory.IsLockedAsync(userId, cancellationToken))
        {
            return (user, "the account is locked");
        }

        return (user, user.Permissions.Contains(DirectoryUser.LoginPermission) ? null : "the user no longer has the login permission");
    }
}
