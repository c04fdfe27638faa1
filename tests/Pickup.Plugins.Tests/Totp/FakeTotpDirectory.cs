using Pickup.Abstractions.Users;

namespace Pickup.Plugins.Tests.Totp;

/// <summary>An in-memory user directory that records each failure with its factor label and locks after <see cref="LockoutAfter"/>.</summary>
internal sealed class FakeTotpDirectory : IUserDirectory
{
    public const int LockoutAfter = 5;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, DirectoryUser> _users = new(StringComparer.Ordinal);
    private readonly HashSet<string> _locked = new(StringComparer.Ordinal);

    public List<(string UserId, string Factor)> Failures { get; } = [];

    public int Resets { get; private set; }

    public void Add(string id, string username) =>
        _users[id] = new DirectoryUser
        {
            Id = id,
            Username = username,
            Claims = new Dictionary<string, string>(),
            Permissions = new HashSet<string> { DirectoryUser.LoginPermission },
        };

    public void Lock(string id) => _locked.Add(id);

    public bool IsLocked(string id) => _locked.Contains(id);

    public Task<PasswordCheck> VerifyPasswordAsync(string username, string password, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The TOTP authenticator must never check passwords.");

    public Task<DirectoryUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_users.GetValueOrDefault(userId));

    public Task<DirectoryUser?> FindByUsernameAsync(string username, CancellationToken cancellationToken) =>
        Task.FromResult(_users.Values.FirstOrDefault(u => u.Username == username));

    public Task SetClaimAsync(string userId, string claimUri, string value, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The TOTP authenticator writes no claim.");

    public Task<bool> IsClaimValueTakenAsync(string userId, string claimUri, string value, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The TOTP authenticator writes no claim.");

    public Task<bool> IsLockedAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(_locked.Contains(userId));

    public Task<bool> RecordFailedAttemptAsync(string userId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("A plugin counts failures with its own label.");

    public Task<bool> RecordFailedAttemptAsync(string userId, string factor, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Failures.Add((userId, factor));
            var locks = Failures.Count(f => f.UserId == userId) % LockoutAfter == 0;
            if (locks)
            {
                _locked.Add(userId);
            }

            return Task.FromResult(locks);
        }
    }

    public Task ResetFailedAttemptsAsync(string userId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Resets++;
            Failures.RemoveAll(f => f.UserId == userId);
            return Task.CompletedTask;
        }
    }
}
