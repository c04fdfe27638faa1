using System.ComponentModel.DataAnnotations;

namespace Pickup.Samples.PickupDispatch.Bookings;

/// <summary>The booking form as posted; checked by data annotations and then <see cref="PickupTimeRule"/>.</summary>
public sealed class BookingInput
{
    /// <summary>Who is picked up.</summary>
    [Display(Name = "Passenger name")]
    [Required(ErrorMessage = "Enter the passenger's name.")]
    [StringLength(Booking.PassengerNameMaxLength, ErrorMessage = "The passenger's name can be at most {1} characters.")]
    public string? PassengerName { get; set; }

    /// <summary>Where the passenger is picked up.</summary>
    [Display(Name = "Pickup location")]
    [Required(ErrorMessage = "Enter the pickup location.")]
    [StringLength(Booking.LocationMaxLength, ErrorMessage = "The pickup location can be at most {1} characters.")]
    public string? PickupLocation { get; set; }

    /// <summary>Where the passenger is dropped off.</summary>
    [Display(Name = "Drop-off location")]
    [Required(ErrorMessage = "Enter the drop-off location.")]
    [StringLength(Booking.LocationMaxLength, ErrorMessage = "The drop-off location can be at most {1} characters.")]
    public string? DropoffLocation { get; set; }

    /// <summary>Pickup time, from a <c>datetime-local</c> field.</summary>
    [Display(Name = "Pickup time")]
    [Required(ErrorMessage = "Enter the pickup time.")]
    [DataType(DataType.DateTime)]
    public DateTime? PickupTime { get; set; }
}
