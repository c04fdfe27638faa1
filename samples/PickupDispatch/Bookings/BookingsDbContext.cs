using Microsoft.EntityFrameworkCore;

namespace Pickup.Samples.PickupDispatch.Bookings;

/// <summary>The app's own database: bookings only; identities live in the engine.</summary>
public sealed class BookingsDbContext(DbContextOptions<BookingsDbContext> options) : DbContext(options)
{
    /// <summary>All drivers' bookings; always filter by <see cref="Booking.DriverSubject"/>.</summary>
    public DbSet<Booking> Bookings => Set<Booking>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var booking = modelBuilder.Entity<Booking>();
        booking.Property(b => b.DriverSubject).HasMaxLength(Booking.DriverSubjectMaxLength);
        booking.Property(b => b.PassengerName).HasMaxLength(Booking.PassengerNameMaxLength);
        booking.Property(b => b.PickupLocation).HasMaxLength(Booking.LocationMaxLength);
        booking.Property(b => b.DropoffLocation).HasMaxLength(Booking.LocationMaxLength);
        // Every read is "this driver's bookings in pickup order".
        booking.HasIndex(b => new { b.DriverSubject, b.PickupTime });
    }
}
