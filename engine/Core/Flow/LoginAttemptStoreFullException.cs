namespace Pickup.Core.Flow;

/// <summary>
/// Thrown by <see cref="ILoginAttemptStore.CreateAsync"/> when every attempt in the store is in use (posted to) and
/// none can make room: the host answers a 503 page, the attempts in use go on.
/// </summary>
public sealed class LoginAttemptStoreFullException : Exception
{
    public LoginAttemptStoreFullException()
        : base("Too many login attempts in progress; try again shortly.")
    {
    }

    public LoginAttemptStoreFullException(string message)
        : base(message)
    {
    }

    public LoginAttemptStoreFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
