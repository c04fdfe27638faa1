using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Pickup.Samples.PickupDispatch.SignOuts;

/// <summary>
/// The sessions the engine ended and the logout tokens already used, in the app's own SQLite file beside the bookings.
/// </summary>
public sealed class SignOutsDbContext(DbContextOptions<SignOutsDbContext> options) : DbContext(options)
{
    /// <summary>Ended sessions, looked up on every signed-in request.</summary>
    public DbSet<EndedSession> EndedSessions => Set<EndedSession>();

    /// <summary>Logout tokens acted on, by <c>jti</c>.</summary>
    public DbSet<UsedLogoutToken> UsedLogoutTokens => Set<UsedLogoutToken>();

    /// <summary>
    /// Creates this context's tables when the file lacks them: a bookings file made before the app took logout tokens
    /// already exists, so <c>EnsureCreated</c> would add nothing to it.
    /// </summary>
    public async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        var connection = Database.GetDbConnection();
        await Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'EndedSessions'";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                await this.GetService<IRelationalDatabaseCreator>().CreateTablesAsync(cancellationToken);
            }
        }
        finally
        {
            await Database.CloseConnectionAsync();
        }
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var ended = modelBuilder.Entity<EndedSession>();
        ended.Property(e => e.SessionId).HasMaxLength(EndedSession.ValueMaxLength);
        ended.Property(e => e.Subject).HasMaxLength(EndedSession.ValueMaxLength);
        ended.HasIndex(e => e.SessionId);
        ended.HasIndex(e => e.Subject);
        var used = modelBuilder.Entity<UsedLogoutToken>();
        used.HasKey(u => u.TokenId);
        used.Property(u => u.TokenId).HasMaxLength(UsedLogoutToken.TokenIdMaxLength);
        used.HasIndex(u => u.ExpiresAtMs);
    }
}
