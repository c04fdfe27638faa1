namespace Pickup.Data.Auditing;

/// <summary>Column sizes of <c>pickup_audit_events</c>; longer values are cut to fit rather than lose the event.</summary>
internal static class AuditColumns
{
    public const int TypeLength = 64;
    public const int UserIdLength = 64;
    public const int UsernameLength = 256;
    public const int ClientIdLength = 256;

    /// <summary>An IPv6 address with a zone index fits in 64.</summary>
    public const int RemoteAddressLength = 64;

    /// <summary>Room for the per-file fingerprints of a <c>config.loaded</c> event.</summary>
    public const int DetailLength = 4000;
}
