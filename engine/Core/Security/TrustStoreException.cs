namespace Pickup.Core.Security;

/// <summary>A trust store request that cannot be done; the message is one sentence for an administrator.</summary>
public sealed class TrustStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrustStoreException()
    {
    }

    /// <summary>Creates the exception with the sentence to show.</summary>
    public TrustStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the sentence to show and its cause.</summary>
    public TrustStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
