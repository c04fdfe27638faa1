using Pickup.Abstractions.Users;

namespace Pickup.Plugins.Tests.Basic;

/// <summary>An in-memory user directory with plain-text passwords (test only).</summary>
internal sealed class FakeUserDirectory : IUserDirectory
{
    private readonly Dictionary<string, (string Password, DirectoryUser User)> _users = new(StringComparer.Ordinal);

    public void Add(string id, string username, string password, params string[] permissions) =>
        _users[username] = (password, new DirectoryUser { Id = id, Username = username, Claims = new Dictionary<string, string>(), Permissions = permissions.ToHashSet() });

    /// <summary>
    /// Usernames the store reports as locked out, as the real store does: Locked for the right password, Failed for a
    /// wrong one.
    /// </summary>
    public HashSet<string> Locked { get; } = new(StringComparer.Ordinal);

    public Task<PasswordCheck> VerifyPasswordAsync(string username, string password, CancellationToken cancellationToken) =>
        Task.FromResult(
            !_users.TryGetValue(username, out var entry) || entry.Password != password ? new PasswordCheck(PasswordCheckStatus.Failed, null)
            : Locked.Contains(username) ? new PasswordCheck(PasswordCheckStatus.Locked, null)
            : new PasswordCheck(PasswordCheckStatus.Succeeded, entry.User));

    public Task<DirectoryUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_users.Values.Select(e => e.User).FirstOrDefault(u => u.Id == userId));

    public Task SetClaimAsync(string userId, string claimUri, string value, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The basic authenticator must never change claims.");

    public Task<bool> IsClaimValueTakenAsync(string userId, string claimUri, string value, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The basic authenticator must never look up claim values.");

    // No lock-out here: these tests are about the login page and credentials, not the account counters.
    public Task<bool> IsLockedAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<bool> RecordFailedAttemptAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task ResetFailedAttemptsAsync(string userId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<DirectoryUser?> FindByUsernameAsync(string username, CancellationToken cancellationToken) =>
        Task.FromResult(_users.Values.Select(e => e.User).FirstOrDefault(u => u.Username == username));

    public Task<bool> RecordFailedAttemptAsync(string userId, string factor, CancellationToken cancellationToken) =>
        RecordFailedAttemptAsync(userId, cancellationToken);
}
