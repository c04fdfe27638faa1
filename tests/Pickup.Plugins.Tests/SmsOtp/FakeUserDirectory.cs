using Pickup.Abstractions.Users;

namespace Pickup.Plugins.Tests.SmsOtp;

/// <summary>An in-memory user directory for the SMS OTP tests, with a lock-out after <see cref="LockoutAfter"/> failures.</summary>
internal sealed class FakeUserDirectory : IUserDirectory
{
    public const int LockoutAfter = 5;

    private readonly Dictionary<string, DirectoryUser> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly HashSet<string> _locked = new(StringComparer.Ordinal);

    public List<(string UserId, string ClaimUri, string Value)> ClaimsSet { get; } = [];

    public int ResetCalls { get; private set; }

    public void Add(string id, string username, IReadOnlyDictionary<string, string> claims) =>
        _users[id] = new DirectoryUser { Id = id, Username = username, Claims = claims, Permissions = new HashSet<string> { DirectoryUser.LoginPermission } };

    public void Remove(string id) => _users.Remove(id);

    public void Lock(string id) => _locked.Add(id);

    public int FailuresOf(string id) => _failures.GetValueOrDefault(id);

    public bool IsLocked(string id) => _locked.Contains(id);

    public IReadOnlyDictionary<string, string> ClaimsOf(string id) => _users[id].Claims;

    public Task<PasswordCheck> VerifyPasswordAsync(string username, string password, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The SMS OTP authenticator must never check passwords.");

    public Task<DirectoryUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_users.GetValueOrDefault(userId));

    /// <summary>A value another user takes between the check and the save (the race the database's unique index decides).</summary>
    public (string ClaimUri, string Value)? TakenOnSave { get; set; }

    public int ClaimChecks { get; private set; }

    public Task<bool> IsClaimValueTakenAsync(string userId, string claimUri, string value, CancellationToken cancellationToken)
    {
        ClaimChecks++;
        return Task.FromResult(_users.Values.Any(u => u.Id != userId && u.Claims.TryGetValue(claimUri, out var held) && held == value));
    }

    public async Task SetClaimAsync(string userId, string claimUri, string value, CancellationToken cancellationToken)
    {
        if (TakenOnSave == (claimUri, value) || await IsClaimValueTakenAsync(userId, claimUri, value, cancellationToken))
        {
            throw ClaimValueTakenException.For(claimUri);
        }

        ClaimsSet.Add((userId, claimUri, value));
        var user = _users[userId];
        var claims = new Dictionary<string, string>(user.Claims) { [claimUri] = value };
        _users[userId] = new DirectoryUser { Id = user.Id, Username = user.Username, Claims = claims, Permissions = user.Permissions };
    }

    public Task<bool> IsLockedAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(_locked.Contains(userId));

    public Task<bool> RecordFailedAttemptAsync(string userId, CancellationToken cancellationToken)
    {
        var failures = _failures[userId] = _failures.GetValueOrDefault(userId) + 1;
        var locks = failures % LockoutAfter == 0;
        if (locks)
        {
            _locked.Add(userId);
        }

        return Task.FromResult(locks);
    }

    public Task ResetFailedAttemptsAsync(string userId, CancellationToken cancellationToken)
    {
        ResetCalls++;
        _failures.Remove(userId);
        _locked.Remove(userId);
        return Task.CompletedTask;
    }

    public Task<DirectoryUser?> FindByUsernameAsync(string username, CancellationToken cancellationToken) =>
        Task.FromResult(_users.Values.FirstOrDefault(u => u.Username == username));

    /// <summary>The label of each failure counted with one (the audit's <c>login.failed</c> detail).</summary>
    public List<string> FailureLabels { get; } = [];

    public Task<bool> RecordFailedAttemptAsync(string userId, string factor, CancellationToken cancellationToken)
    {
        FailureLabels.Add(factor);
        return RecordFailedAttemptAsync(userId, cancellationToken);
    }
}
