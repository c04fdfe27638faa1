namespace Pickup.Samples.PickupDispatch.Configuration;

/// <summary>The <c>Bookings</c> configuration section: where the app keeps its own data.</summary>
public sealed class BookingsSettings
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Bookings";

    /// <summary>The SQLite file, absolute or relative to the content root; its folder is created when missing.</summary>
    public string Database { get; set; } = "data/pickup-dispatch.db";
}
