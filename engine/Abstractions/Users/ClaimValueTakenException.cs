namespace Pickup.Abstractions.Users;

/// <summary>
/// Thrown by <see cref="IUserDirectory.SetClaimAsync"/> when the value is already another user's, for a claim that must
/// be unique among users (a claim a plugin's rule makes unique, and every claim a service provider uses as the token's <c>sub</c>).
/// Nothing was written.
/// </summary>
/// <remarks>
/// The message names the claim, never the value nor the user who holds it: a plugin may show the driver that a number
/// is taken, but never whose it is.
/// </remarks>
public sealed class ClaimValueTakenException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ClaimValueTakenException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ClaimValueTakenException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public ClaimValueTakenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private ClaimValueTakenException(Exception? innerException, string claimUri)
        : base($"The value of {claimUri} already belongs to another user; each user's must be different.", innerException)
    {
        ClaimUri = claimUri;
    }

    /// <summary>The claim whose value is already another user's (empty when not given).</summary>
    public string ClaimUri { get; } = string.Empty;

    /// <summary>The exception for a value of <paramref name="claimUri"/> that another user holds.</summary>
    /// <param name="claimUri">The claim whose value is taken.</param>
    /// <param name="innerException">The database's refusal, when its unique index caught a race.</param>
    public static ClaimValueTakenException For(string claimUri, Exception? innerException = null) => new(innerException, claimUri);
}
