namespace Pickup.Abstractions.Users;

/// <summary>The engine's user store, as plugins see it.</summary>
/// <remarks>
/// Lifetime: per request (scoped). Passwords are verified by the store (Argon2id); plugins never see hashes. Within
/// one request the user read last is remembered: asking again for that user, or whether it is locked, answers from
/// that read, and the store's own writes (a failure counted, a claim set) are always seen.
/// </remarks>
public interface IUserDirectory
{
    /// <summary>
    /// Checks a username and password. An unknown user, a wrong password and a wrong password for a locked account get
    /// the same answer (<see cref="PasswordCheckStatus.Failed"/>) at the same cost; only the right password of a
    /// locked account is told <see cref="PasswordCheckStatus.Locked"/>.
    /// </summary>
    Task<PasswordCheck> VerifyPasswordAsync(string username, string password, CancellationToken cancellationToken);

    /// <summary>Finds a user by id, or null.</summary>
    Task<DirectoryUser?> FindByIdAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The user with this username (compared as the engine normalises names), or null.</summary>
    Task<DirectoryUser?> FindByUsernameAsync(string username, CancellationToken cancellationToken);

    /// <summary>Sets (or replaces) one claim of a user.</summary>
    /// <remarks>
    /// A claim a plugin's <see cref="ClaimRule"/> marks unique, and every claim a service provider uses as the token's
    /// <c>sub</c>, belong to at most one user (the value normalised by the claim's rule first):
    /// a value another user holds is refused with <see cref="ClaimValueTakenException"/> and nothing is written, also
    /// when two requests race for the same value (the database's unique index decides; the loser gets the exception).
    /// </remarks>
    /// <exception cref="ClaimValueTakenException">The value is another user's, for a claim that must be unique.</exception>
    Task SetClaimAsync(string userId, string claimUri, string value, CancellationToken cancellationToken);

    /// <summary>
    /// True when a user other than <paramref name="userId"/> holds <paramref name="value"/> for
    /// <paramref name="claimUri"/>, compared as the store keeps it (normalised by the claim's <see cref="ClaimRule"/>, so a
    /// phone-number rule makes <c>+94 77 888 8888</c> and <c>94778888888</c> the same). False for a value the store would not accept.
    /// </summary>
    /// <remarks>
    /// For asking before something costly (sending a message) is done for a value that <see cref="SetClaimAsync"/> would refuse.
    /// It is a read, not a reservation: another user may take the value before it is set, and then
    /// <see cref="SetClaimAsync"/> throws <see cref="ClaimValueTakenException"/>.
    /// </remarks>
    Task<bool> IsClaimValueTakenAsync(string userId, string claimUri, string value, CancellationToken cancellationToken);

    /// <summary>True while the account is locked out after too many failures.</summary>
    Task<bool> IsLockedAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one failed password or code for the account (one counter for every factor, per
    /// <c>[security.login_limits]</c>). Returns true when this failure locked the account.
    /// </summary>
    Task<bool> RecordFailedAttemptAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one failed attempt as <see cref="RecordFailedAttemptAsync(string, CancellationToken)"/> does, audited as
    /// <c>login.failed</c> with the factor's own label (<c>code</c>, <c>pin</c>, <c>security answer</c>).
    /// </summary>
    Task<bool> RecordFailedAttemptAsync(string userId, string factor, CancellationToken cancellationToken);

    /// <summary>Clears the account's failure count (after a factor succeeded); a lock-out still running stays.</summary>
    Task ResetFailedAttemptsAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>A user as plugins see it.</summary>
/// <remarks>A snapshot read by <see cref="IUserDirectory"/> for one request; later writes do not change it. Immutable.</remarks>
public sealed class DirectoryUser
{
    /// <summary>The permission a user needs (through a role) to sign in.</summary>
    public const string LoginPermission = "login";

    /// <summary>Stable id.</summary>
    public required string Id { get; init; }

    /// <summary>Login name.</summary>
    public required string Username { get; init; }

    /// <summary>Claims by URI (e.g. <see cref="Authentication.ClaimUris.Email"/>).</summary>
    public required IReadOnlyDictionary<string, string> Claims { get; init; }

    /// <summary>Permissions granted through the user's roles (e.g. <c>login</c>).</summary>
    public required IReadOnlySet<string> Permissions { get; init; }
}

/// <summary>The outcome of a password check.</summary>
public enum PasswordCheckStatus
{
    /// <summary>Username and password match.</summary>
    Succeeded,

    /// <summary>Unknown user or wrong password (deliberately not told apart).</summary>
    Failed,

    /// <summary>
    /// The password was right, but the account is locked out after too many failures. A wrong password for a locked
    /// account is <see cref="Failed"/>, so only someone who knows the password learns that the account is locked.
    /// </summary>
    Locked,
}

/// <summary>The result of <see cref="IUserDirectory.VerifyPasswordAsync"/>.</summary>
/// <remarks>Per request. Two results are equal when their status is and their users are the same object (or both null).</remarks>
public sealed class PasswordCheck : IEquatable<PasswordCheck>
{
    /// <summary>Creates a result.</summary>
    /// <param name="status">What happened.</param>
    /// <param name="user">The user on success; null otherwise.</param>
    public PasswordCheck(PasswordCheckStatus status, DirectoryUser? user)
    {
        Status = status;
        User = user;
    }

    /// <summary>What happened.</summary>
    public PasswordCheckStatus Status { get; }

    /// <summary>The user on success.</summary>
    public DirectoryUser? User { get; }

    /// <summary>True when both are null, or equal.</summary>
    public static bool operator ==(PasswordCheck? left, PasswordCheck? right) => Equals(left, right);

    /// <summary>True unless both are null, or equal.</summary>
    public static bool operator !=(PasswordCheck? left, PasswordCheck? right) => !Equals(left, right);

    /// <inheritdoc />
    public bool Equals(PasswordCheck? other) =>
        other is not null && Status == other.Status && ReferenceEquals(User, other.User);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PasswordCheck);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Status, User);

    /// <inheritdoc />
    public override string ToString() => User is null ? Status.ToString() : $"{Status} ({User.Username})";
}
