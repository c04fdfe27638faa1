using Pickup.Abstractions.Users;

namespace Pickup.Plugins.Tests.Basic;

/// <summary>An in-memory user directory with plain-text passwords (test only).</summary>
internal sealed class FakeUserDirectory : IUserDirectory
{
    private readonly Dictionary<string, (string Password, DirectoryUser User)> _users = new(StringComparer.Ordinal);

    public void Add(string id, string username, string password, params string[] permissions) =>
        _users[username] = (password, new DirectoryUser(id, username, new Dictionary<string, string>(), permissions.ToHashSet()));

    public Task<PasswordCheck> VerifyPasswordAsync(string username, string password, CancellationToken cancellationToken) =>
        Task.FromResult(_users.TryGetValue(username, out var entry) && entry.Password == password
            ? new PasswordCheck(PasswordCheckStatus.Succeeded, entry.User)
            : new PasswordCheck(PasswordCheckStatus.Failed, null));

    public Task<DirectoryUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_users.Values.Select(e => e.User).FirstOrDefault(u => u.Id == userId));

    public Task SetClaimAsync(string userId, string claimUri, string value, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The basic authenticator must never change claims.");
}
