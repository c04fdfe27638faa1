namespace Pickup.Samples.PickupDispatch.Bookings;

/// <summary>
/// Which pickup times a driver may book. A pickup earlier today is allowed, because drivers
/// often record a fare after it started; anything before today, or more than a year ahead, is a typo.
/// </summary>
public sealed class PickupTimeRule(TimeProvider timeProvider)
{
    private static readonly TimeSpan MaximumLead = TimeSpan.FromDays(366);

    /// <summary>Returns a sentence for the driver when <paramref name="pickupTime"/> is not allowed, otherwise null.</summary>
    public string? Check(DateTime pickupTime)
    {
        // The form's datetime-local value carries no zone: read it as the server's wall clock,
        // the same clock "today" is measured by.
        var now = timeProvider.GetLocalNow().DateTime;
        if (pickupTime.Date < now.Date)
        {
            return "The pickup time must be today or later.";
        }

        if (pickupTime > now + MaximumLead)
        {
            return "The pickup time must be within a year from now.";
        }

        return null;
    }
}
