using Pickup.Abstractions.Users;

namespace Pickup.Plugins.Tests.SmsOtp;

/// <summary>An in-memory user directory for the SMS OTP tests.</summary>
internal sealed class FakeUserDirectory : IUserDirectory
{
    private readonly Dictionary<string, DirectoryUser> _users = new(StringComparer.Ordinal);

    public List<(string UserId, string ClaimUri, string Value)> ClaimsSet { get; } = [];

    public void Add(string id, string username, IReadOnlyDictionary<string, string> claims) =>
        _users[id] = new DirectoryUser(id, username, claims, new HashSet<string> { DirectoryUser.LoginPermission });

    public Task<PasswordCheck> VerifyPasswordAsync(string username, string password, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The SMS OTP authenticator must never check passwords.");

    public Task<DirectoryUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_users.GetValueOrDefault(userId));

    public Task SetClaimAsync(string userId, string claimUri, string value, CancellationToken cancellationToken)
    {
        ClaimsSet.Add((userId, claimUri, value));
        var user = _users[userId];
        var claims = new Dictionary<string, string>(user.Claims) { [claimUri] = value };
        _users[userId] = user with { Claims = claims };
        return Task.CompletedTask;
    }
}
