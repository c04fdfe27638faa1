namespace Pickup.Samples.PickupDispatch.Bookings;

/// <summary>One pickup a driver has taken on, stored in the app's own SQLite database.</summary>
public sealed class Booking
{
    /// <summary>Maximum length of <see cref="PassengerName"/>.</summary>
    public const int PassengerNameMaxLength = 100;

    /// <summary>Maximum length of <see cref="PickupLocation"/> and <see cref="DropoffLocation"/>.</summary>
    public const int LocationMaxLength = 200;

    /// <summary>Maximum length of <see cref="DriverSubject"/>.</summary>
    public const int DriverSubjectMaxLength = 255;

    /// <summary>Database key.</summary>
    public int Id { get; set; }

    /// <summary>The ID token <c>sub</c> of the driver who owns the booking; the only key a driver sees bookings by.</summary>
    public required string DriverSubject { get; set; }

    /// <summary>Who is picked up.</summary>
    public required string PassengerName { get; set; }

    /// <summary>Where the passenger is picked up.</summary>
    public required string PickupLocation { get; set; }

    /// <summary>Where the passenger is dropped off.</summary>
    public required string DropoffLocation { get; set; }

    /// <summary>Pickup time as the driver entered it (wall-clock time of the server's zone).</summary>
    public DateTime PickupTime { get; set; }

    /// <summary>When the booking was made, UTC.</summary>
    public DateTime CreatedUtc { get; set; }
}
