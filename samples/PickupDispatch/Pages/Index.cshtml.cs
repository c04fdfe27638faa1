using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pickup.Samples.PickupDispatch.Authentication;
using Pickup.Samples.PickupDispatch.Bookings;

namespace Pickup.Samples.PickupDispatch.Pages;

/// <summary>Home: the login button when anonymous; the driver's bookings and the booking form when signed in.</summary>
public sealed class IndexModel(BookingsDbContext db, PickupTimeRule pickupTimeRule, TimeProvider timeProvider) : PageModel
{
    /// <summary>The driver's ID token <c>sub</c>, or null when nobody is signed in.</summary>
    public string? Driver { get; private set; }

    /// <summary>The driver's bookings in pickup order.</summary>
    public IReadOnlyList<Booking> MyBookings { get; private set; } = [];

    /// <summary>The booking form.</summary>
    [BindProperty]
    public BookingInput Input { get; set; } = new();

    /// <summary>The booking just saved, confirmed at the top of the page.</summary>
    public Booking? Saved { get; private set; }

    /// <summary>Shows the page; <paramref name="booked"/> is the id of a booking just saved.</summary>
    public async Task OnGetAsync(int? booked, CancellationToken cancellationToken)
    {
        Driver = User.FindFirst(AuthSchemes.SubjectClaim)?.Value;
        if (Driver is not null)
        {
            // Pre-fill a sensible time; the driver edits it.
            var soon = timeProvider.GetLocalNow().DateTime.AddMinutes(15);
            Input.PickupTime = new DateTime(soon.Year, soon.Month, soon.Day, soon.Hour, soon.Minute, 0, DateTimeKind.Unspecified);
            await LoadBookingsAsync(cancellationToken);
            // Looked up among this driver's own bookings, so another driver's id confirms nothing.
            Saved = MyBookings.FirstOrDefault(b => b.Id == booked);
        }
    }

    /// <summary>Saves a booking for the signed-in driver.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Driver = User.FindFirst(AuthSchemes.SubjectClaim)?.Value;
        if (Driver is null)
        {
            return Challenge();
        }

        // Checked even when other fields are wrong, so the driver sees every problem at once.
        const string timeField = $"{nameof(Input)}.{nameof(Input.PickupTime)}";
        if (Input.PickupTime is { } pickupTime
            && ModelState.GetFieldValidationState(timeField) != ModelValidationState.Invalid
            && pickupTimeRule.Check(pickupTime) is { } timeProblem)
        {
            ModelState.AddModelError(timeField, timeProblem);
        }

        if (!ModelState.IsValid)
        {
            await LoadBookingsAsync(cancellationToken);
            return Page();
        }

        var booking = new Booking
        {
            DriverSubject = Driver,
            PassengerName = Input.PassengerName!.Trim(),
            PickupLocation = Input.PickupLocation!.Trim(),
            DropoffLocation = Input.DropoffLocation!.Trim(),
            PickupTime = DateTime.SpecifyKind(Input.PickupTime!.Value, DateTimeKind.Unspecified),
            CreatedUtc = timeProvider.GetUtcNow().UtcDateTime,
        };
        db.Bookings.Add(booking);
        await db.SaveChangesAsync(cancellationToken);

        // Post-redirect-get, so a reload does not book the same pickup twice.
        return RedirectToPage(new { booked = booking.Id });
    }

    private async Task LoadBookingsAsync(CancellationToken cancellationToken) =>
        MyBookings = await db.Bookings
            .AsNoTracking()
            .Where(b => b.DriverSubject == Driver)
            .OrderBy(b => b.PickupTime)
            .ThenBy(b => b.Id)
            .ToListAsync(cancellationToken);
}
