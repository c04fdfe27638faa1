using System.Security.Cryptography;
using System.Text;
using Pickup.Abstractions.Users;

namespace Pickup.Abstractions.Testing.Users;

/// <summary>
/// An in-memory <see cref="IUserDirectory"/> that keeps the engine's promises: unknown user and wrong password get the
/// same answer, only the right password of a locked account is told <see cref="PasswordCheckStatus.Locked"/>, failures
/// of every factor share one counter that locks the account after <see cref="LockoutAfter"/>, and each counted failure
/// keeps the factor's label (<see cref="Failures"/>) as the engine's audit trail would.
/// </summary>
/// <remarks>Thread-safe. Lock-outs last until <see cref="Unlock"/> (tests have no clock to wait for).</remarks>
public sealed class FakeUserDirectory : IUserDirectory
{
    /// <summary>The label the engine gives a wrong password.</summary>
    public const string PasswordFactor = "password";

    /// <summary>The label of <see cref="RecordFailedAttemptAsync(string, CancellationToken)"/>, which names no factor.</summary>
    public const string UnlabelledFactor = "code";

    private readonly object _gate = new();
    private readonly Dictionary<string, Account> _byId = new(StringComparer.Ordinal);
    private readonly List<(string UserId, string Factor)> _failures = [];
    private int _nextId;

    /// <summary>Consecutive failures that lock an account (the engine's <c>lockout_after</c>); 0 never locks.</summary>
    public int LockoutAfter { get; init; } = 5;

    /// <summary>Every failure counted, in order, with the factor's label (<c>password</c>, <c>code</c>, or the plugin's own).</summary>
    public IReadOnlyList<(string UserId, string Factor)> Failures
    {
        get
        {
            lock (_gate)
            {
                return [.. _failures];
            }
        }
    }

    /// <summary>Adds a user with the <c>login</c> permission (unless <paramref name="permissions"/> says otherwise).</summary>
    /// <param name="username">The login name (compared case-insensitively, as the engine normalises names).</param>
    /// <param name="password">The password <see cref="VerifyPasswordAsync"/> accepts.</param>
    /// <param name="claims">Claims by URI, or null for none.</param>
    /// <param name="permissions">Permissions; none given means <c>login</c>.</param>
    /// <returns>The user as plugins see it.</returns>
    /// <exception cref="InvalidOperationException">A user of that name exists.</exception>
    public DirectoryUser AddUser(string username, string password, IReadOnlyDictionary<string, string>? claims = null, params string[] permissions)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentNullException.ThrowIfNull(permissions);
        lock (_gate)
        {
            if (FindAccount(username) is not null)
            {
                throw new InvalidOperationException($"A user named '{username}' exists already.");
            }

            var id = "user-" + (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var account = new Account(id, username, Hash(password))
            {
                Permissions = permissions.Length == 0 ? [DirectoryUser.LoginPermission] : [.. permissions],
            };
            foreach (var (uri, value) in claims ?? new Dictionary<string, string>())
            {
                account.Claims[uri] = value;
            }

            _byId.Add(id, account);
            return account.ToUser();
        }
    }

    /// <summary>How many failures are counted against the user now (reset by a success or <see cref="Unlock"/>).</summary>
    public int FailedAttempts(string userId)
    {
        lock (_gate)
        {
            return Get(userId).FailedAttempts;
        }
    }

    /// <summary>Locks the account, as too many failures would.</summary>
    public void Lock(string userId)
    {
        lock (_gate)
        {
            Get(userId).Locked = true;
        }
    }

    /// <summary>Ends a lock-out and clears the count, as <c>pickup users unlock</c> does.</summary>
    public void Unlock(string userId)
    {
        lock (_gate)
        {
            var account = Get(userId);
            account.Locked = false;
            account.FailedAttempts = 0;
        }
    }

    /// <inheritdoc />
    public Task<PasswordCheck> VerifyPasswordAsync(string username, string password, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var account = string.IsNullOrEmpty(username) ? null : FindAccount(username);
            var right = account is not null && !string.IsNullOrEmpty(password)
                && CryptographicOperations.FixedTimeEquals(account.PasswordHash, Hash(password));
            if (account is null)
            {
                return Task.FromResult(new PasswordCheck(PasswordCheckStatus.Failed, null));
            }

            if (account.Locked)
            {
                return Task.FromResult(right
                    ? new PasswordCheck(PasswordCheckStatus.Locked, null)
                    : new PasswordCheck(PasswordCheckStatus.Failed, null));
            }

            if (right)
            {
                account.FailedAttempts = 0;
                return Task.FromResult(new PasswordCheck(PasswordCheckStatus.Succeeded, account.ToUser()));
            }

            CountFailure(account, PasswordFactor);
            return Task.FromResult(new PasswordCheck(PasswordCheckStatus.Failed, null));
        }
    }

    /// <inheritdoc />
    public Task<DirectoryUser?> FindByIdAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        lock (_gate)
        {
            return Task.FromResult(_byId.TryGetValue(userId, out var account) ? account.ToUser() : null);
        }
    }

    /// <inheritdoc />
    public Task<DirectoryUser?> FindByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(username);
        lock (_gate)
        {
            return Task.FromResult(FindAccount(username)?.ToUser());
        }
    }

    /// <inheritdoc />
    public Task SetClaimAsync(string userId, string claimUri, string value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(claimUri);
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            var account = Get(userId);
            account.Claims[claimUri] = value;
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    /// <remarks>Compares values exactly: the fake knows no claim rules.</remarks>
    public Task<bool> IsClaimValueTakenAsync(string userId, string claimUri, string value, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_byId.Values.Any(a => a.Id != userId
                && a.Claims.TryGetValue(claimUri, out var held) && string.Equals(held, value, StringComparison.Ordinal)));
        }
    }

    /// <inheritdoc />
    public Task<bool> IsLockedAsync(string userId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Get(userId).Locked);
        }
    }

    /// <inheritdoc />
    public Task<bool> RecordFailedAttemptAsync(string userId, CancellationToken cancellationToken) =>
        RecordFailedAttemptAsync(userId, UnlabelledFactor, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RecordFailedAttemptAsync(string userId, string factor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(factor);
        lock (_gate)
        {
            return Task.FromResult(CountFailure(Get(userId), factor));
        }
    }

    /// <inheritdoc />
    public Task ResetFailedAttemptsAsync(string userId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var account = Get(userId);
            if (!account.Locked)
            {
                account.FailedAttempts = 0;
            }

            return Task.CompletedTask;
        }
    }

    private bool CountFailure(Account account, string factor)
    {
        _failures.Add((account.Id, factor));
        account.FailedAttempts++;
        if (account.Locked || LockoutAfter <= 0 || account.FailedAttempts < LockoutAfter)
        {
            return false;
        }

        account.Locked = true;
        return true;
    }

    private Account? FindAccount(string username) =>
        _byId.Values.FirstOrDefault(a => string.Equals(a.Username, username.Trim(), StringComparison.OrdinalIgnoreCase));

    private Account Get(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return _byId.TryGetValue(userId, out var account)
            ? account
            : throw new KeyNotFoundException($"No user has the id '{userId}'.");
    }

    private static byte[] Hash(string password) => SHA256.HashData(Encoding.UTF8.GetBytes(password));

    private sealed class Account(string id, string username, byte[] passwordHash)
    {
        public string Id { get; } = id;

        public string Username { get; } = username;

        public byte[] PasswordHash { get; } = passwordHash;

        public Dictionary<string, string> Claims { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Permissions { get; init; } = new(StringComparer.Ordinal);

        public int FailedAttempts { get; set; }

        public bool Locked { get; set; }

        public DirectoryUser ToUser() =>
            new()
            {
                Id = Id,
                Username = Username,
                Claims = new Dictionary<string, string>(Claims, StringComparer.Ordinal),
                Permissions = new HashSet<string>(Permissions, StringComparer.Ordinal),
            };
    }
}
