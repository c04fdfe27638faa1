namespace Pickup.Data.Users;

/// <summary>
/// An administration request that cannot be carried out (a name that exists, a role that does not, an invalid
/// value). The message is a sentence for the admin; it never contains a password, hash or code.
/// </summary>
public sealed class UserAdministrationException : Exception
{
    public UserAdministrationException()
    {
    }

    public UserAdministrationException(string message)
        : base(message)
    {
    }

    public UserAdministrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
