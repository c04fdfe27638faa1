using Microsoft.Data.Sqlite;
using Pickup.Samples.PickupDispatch.Configuration;

namespace Pickup.Samples.PickupDispatch.Bookings;

/// <summary>Turns the <c>Bookings:Database</c> setting into a file path and a connection string.</summary>
internal static class BookingsDatabasePath
{
    public static string Resolve(BookingsSettings settings, IHostEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(settings.Database))
        {
            throw new InvalidOperationException("Bookings:Database is empty; set it to the path of the app's SQLite file.");
        }

        return Path.GetFullPath(settings.Database, environment.ContentRootPath);
    }

    public static string ConnectionString(string path) =>
        // The builder quotes the path, so a folder name with ';' cannot inject connection options.
        new SqliteConnectionStringBuilder { DataSource = path }.ToString();
}
