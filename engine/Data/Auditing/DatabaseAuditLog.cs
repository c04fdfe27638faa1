using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pickup.Core.Auditing;
using Pickup.Data.Entities;

namespace Pickup.Data.Auditing;

/// <summary>
/// The audit trail in the engine's database (<c>pickup_audit_events</c>), each event also written as one structured
/// log line (category <c>Pickup.Audit</c>, Information) for whatever collects the logs.
/// </summary>
/// <remarks>
/// Lifetime: once per server (singleton). Each call uses a scope (and so a database context) of its own, so it is
/// safe from singletons and never joins, or waits on, the caller's unit of work.
/// </remarks>
public sealed class DatabaseAuditLog(
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILoggerFactory loggers,
    IHttpContextAccessor http) : IAuditLog
{
    /// <summary>The log category of audit lines.</summary>
    public const string LogCategory = "Pickup.Audit";

    /// <summary>The most events one tail returns.</summary>
    public const int MaxTail = 10_000;

    private readonly ILogger _logger = loggers.CreateLogger(LogCategory);

    /// <inheritdoc />
    public async Task WriteAsync(AuditEvent auditEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        ArgumentException.ThrowIfNullOrWhiteSpace(auditEvent.Type, nameof(auditEvent));
        var row = new AuditEventEntity
        {
            Type = Clean(auditEvent.Type, AuditColumns.TypeLength)!,
            At = (auditEvent.At == default ? time.GetUtcNow() : auditEvent.At).ToUniversalTime(),
            UserId = Clean(auditEvent.UserId, AuditColumns.UserIdLength),
            Username = Clean(auditEvent.Username, AuditColumns.UsernameLength),
            ClientId = Clean(auditEvent.ClientId, AuditColumns.ClientIdLength),
            RemoteAddress = Clean(auditEvent.RemoteAddress ?? http.HttpContext?.Connection.RemoteIpAddress?.ToString(), AuditColumns.RemoteAddressLength),
            Detail = Clean(auditEvent.Detail, AuditColumns.DetailLength),
        };

        // Not the caller's token: a client that hangs up must not erase the trace of what it did. The database's
        // command timeout bounds the wait instead.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PickupDbContext>();
        if (row.Username is null && row.UserId is not null)
        {
            row.Username = await FindUsernameAsync(db, row.UserId);
        }

        // Before the insert, so an event the database cannot take is still seen; "-" for null, as the tail shows it.
        _logger.LogInformation(
            "Audit {Type}: user {Username} ({UserId}), client {ClientId}, address {RemoteAddress}: {Detail}",
            row.Type,
            row.Username ?? "-",
            row.UserId ?? "-",
            row.ClientId ?? "-",
            row.RemoteAddress ?? "-",
            row.Detail ?? "-");
        db.AuditEvents.Add(row);
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            _logger.LogError(exception, "Audit event {Type} could not be stored; it is only in this log", row.Type);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEvent>> TailAsync(int count, CancellationToken ct) => ReadTailAsync(count, null, ct);

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEvent>> TailAsync(int count, string type, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        return ReadTailAsync(count, type, ct);
    }

    private async Task<IReadOnlyList<AuditEvent>> ReadTailAsync(int count, string? type, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxTail);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PickupDbContext>();
        var rows = db.AuditEvents.AsNoTracking();
        if (type is not null)
        {
            rows = rows.Where(e => e.Type == type);
        }

        var newest = await rows.OrderByDescending(e => e.Id).Take(count).ToListAsync(ct);
        return [.. newest.AsEnumerable().Reverse().Select(ToEvent)];
    }

    // The name as it is now, kept with the event: it outlives a rename or a deletion of the account.
    private async Task<string?> FindUsernameAsync(PickupDbContext db, string userId)
    {
        try
        {
            return await db.Users.Where(u => u.Id == userId).Select(u => u.Username).SingleOrDefaultAsync(CancellationToken.None);
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            // The insert will fail too and say so; the event is logged without the name.
            _logger.LogDebug(exception, "Audit: the username of {UserId} could not be read", userId);
            return null;
        }
    }

    private static bool IsStorageFailure(Exception exception) =>
        exception is DbException or DbUpdateException or InvalidOperationException or TimeoutException;

    private static AuditEvent ToEvent(AuditEventEntity row) => new(row.Type)
    {
        At = row.At,
        UserId = row.UserId,
        Username = row.Username,
        ClientId = row.ClientId,
        RemoteAddress = row.RemoteAddress,
        Detail = row.Detail,
    };

    /// <summary>Null for empty; control characters (a forged line break in a log or the tail) become spaces; cut to fit.</summary>
    internal static string? Clean(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var cleaned = value.Any(char.IsControl) ? string.Concat(value.Select(c => char.IsControl(c) ? ' ' : c)) : value;
        if (cleaned.Length <= maxLength)
        {
            return cleaned;
        }

        // Never cut between the two halves of a surrogate pair: PostgreSQL refuses the broken character.
        var cut = char.IsHighSurrogate(cleaned[maxLength - 1]) ? maxLength - 1 : maxLength;
        return cleaned[..cut];
    }
}
