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
/// Lifetime: once per server (singleton). <see cref="WriteAsync"/> writes the log line and queues the row; one writer
/// stores queued rows in order, in batches of one transaction each, so the caller neither waits for nor joins a write
/// transaction (on SQLite each one holds the database's single write lock). <see cref="TailAsync(int, CancellationToken)"/>
/// flushes first. Disposal (the container's, at shutdown) stores what is still queued.
/// </remarks>
public sealed class DatabaseAuditLog : IAuditLog, IAsyncDisposable, IDisposable
{
    /// <summary>The log category of audit lines.</summary>
    public const string LogCategory = "Pickup.Audit";

    /// <summary>The most events one tail returns.</summary>
    public const int MaxTail = 10_000;

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly IHttpContextAccessor _http;
    private readonly ILogger _logger;
    private readonly AuditEventQueue _queue;

    /// <summary>Starts the writer that stores queued events.</summary>
    public DatabaseAuditLog(IServiceScopeFactory scopes, TimeProvider time, ILoggerFactory loggers, IHttpContextAccessor http)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _scopes = scopes;
        _time = time;
        _http = http;
        _logger = loggers.CreateLogger(LogCategory);
        _queue = new AuditEventQueue(scopes, _logger);
    }

    /// <inheritdoc />
    public async Task WriteAsync(AuditEvent auditEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        ArgumentException.ThrowIfNullOrWhiteSpace(auditEvent.Type, nameof(auditEvent));
        var row = new AuditEventEntity
        {
            Type = Clean(auditEvent.Type, AuditColumns.TypeLength)!,
            At = (auditEvent.At == default ? _time.GetUtcNow() : auditEvent.At).ToUniversalTime(),
            UserId = Clean(auditEvent.UserId, AuditColumns.UserIdLength),
            Username = Clean(auditEvent.Username, AuditColumns.UsernameLength),
            ClientId = Clean(auditEvent.ClientId, AuditColumns.ClientIdLength),
            RemoteAddress = Clean(auditEvent.RemoteAddress ?? _http.HttpContext?.Connection.RemoteIpAddress?.ToString(), AuditColumns.RemoteAddressLength),
            Detail = Clean(auditEvent.Detail, AuditColumns.DetailLength),
        };

        // The name is looked up here, not by the writer, because the log line carries it and the line is written now:
        // an event the database never takes (an outage, a crash with rows still queued) is still seen in full.
        if (row.Username is null && row.UserId is not null)
        {
            row.Username = await FindUsernameAsync(row.UserId);
        }

        // "-" for null, as the tail shows it.
        _logger.LogInformation(
            "Audit {Type}: user {Username} ({UserId}), client {ClientId}, address {RemoteAddress}: {Detail}",
            row.Type,
            row.Username ?? "-",
            row.UserId ?? "-",
            row.ClientId ?? "-",
            row.RemoteAddress ?? "-",
            row.Detail ?? "-");

        // Not the caller's token: a client that hangs up must not erase the trace of what it did.
        await _queue.AddAsync(row);
    }

    /// <summary>
    /// Completes when every event written before the call is stored, or its failure logged. Returns at once when
    /// nothing is queued.
    /// </summary>
    /// <param name="ct">Stops the wait only; the events are stored all the same.</param>
    public Task FlushAsync(CancellationToken ct) => _queue.FlushAsync(ct);

    /// <summary>Stores what is still queued, waiting up to 10 seconds; later writes are stored one by one as they come.</summary>
    public ValueTask DisposeAsync() => _queue.DisposeAsync();

    /// <summary>As <see cref="DisposeAsync"/>, blocking (for a container disposed synchronously).</summary>
    public void Dispose() => _queue.Dispose();

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

        // A reader in this process sees every event written before it, though the writer may not have stored it yet.
        await FlushAsync(ct);
        await using var scope = _scopes.CreateAsyncScope();
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
    private async Task<string?> FindUsernameAsync(string userId)
    {
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PickupDbContext>();
            return await db.Users.Where(u => u.Id == userId).Select(u => u.Username).SingleOrDefaultAsync(CancellationToken.None);
        }
        catch (Exception exception) when (AuditBatchWriter.IsStorageFailure(exception))
        {
            // The insert will fail too and say so; the event is logged without the name.
            _logger.LogDebug(exception, "Audit: the username of {UserId} could not be read", userId);
            return null;
        }
    }

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
