using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pickup.Core.Auditing;
using Pickup.Core.Configuration;
using Pickup.Core.Sessions;
using Pickup.Data.Entities;

namespace Pickup.Data.Sessions;

/// <summary>
/// Single sign-on sessions in the database, so every node sees them, they survive a restart, and the
/// <c>pickup sessions</c> commands can list and end them whatever <c>[session] store</c> is. A session is found by
/// its cookie's SHA-256 only; the cookie value is never stored.
/// </summary>
/// <remarks>
/// Lifetime: per request or per command (scoped). A session ends when unused for <c>[session] sso_idle_seconds</c>
/// or <c>sso_max_seconds</c> after it began; an expired row met on a lookup is deleted then, and each new session
/// purges a bounded batch of expired ones.
/// <para>
/// Every session that ends here (one, all of a user's, or one found expired) is audited as <c>sso.ended</c> with its
/// reason and handed to the <see cref="ISessionLogoutNotifier"/> when one is registered; a purge of expired rows
/// nobody met is neither.
/// </para>
/// </remarks>
public sealed class SsoSessionStore(
    PickupDbContext db,
    TimeProvider time,
    SessionOptions options,
    IAuditLog audit,
    ISessionLogoutNotifier? notifier = null)
{
    /// <summary>The reason written when a session is found past its idle or absolute end.</summary>
    public const string ExpiredReason = "expired";

    // Each new session deletes at most this many expired rows: cheap, yet more than sessions are created.
    private const int PurgeBatch = 100;

    // A cookie value is 43 characters; anything much longer is not one of ours and is not worth a lookup.
    private const int MaxCookieLength = 100;

    private const int MaxUpdateTries = 3;

    /// <summary>False when <c>sso_idle_seconds</c> or <c>sso_max_seconds</c> is 0: no session is made or used.</summary>
    public bool Enabled => options.SsoEnabled;

    /// <summary>A fresh cookie value: 256 random bits, base64url.</summary>
    public static string NewCookieValue() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The SHA-256 (base64url) stored for a cookie value.</summary>
    public static string HashCookie(string cookieValue) =>
        Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(cookieValue ?? string.Empty)));

    /// <summary>Starts a session after a completed login.</summary>
    /// <param name="cookieValue">The new cookie's value (<see cref="NewCookieValue"/>); only its hash is stored.</param>
    /// <param name="userId">The user store's id.</param>
    /// <param name="factors">The authenticator ids proven, with when.</param>
    /// <param name="authTime">When the user last actively authenticated.</param>
    /// <param name="clientId">The client signed in to.</param>
    /// <param name="subject">The <c>sub</c> that client was given.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<SsoSession> CreateAsync(
        string cookieValue,
        string userId,
        IReadOnlyDictionary<string, DateTimeOffset> factors,
        DateTimeOffset authTime,
        string clientId,
        string subject,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(cookieValue);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(factors);
        await PurgeExpiredAsync(cancellationToken);
        var now = time.GetUtcNow();
        var entity = new SsoSessionEntity
        {
            Id = Base64Url(RandomNumberGenerator.GetBytes(16)),
            SecretHash = HashCookie(cookieValue),
            UserId = userId,
            AuthTime = authTime,
            Factors = JsonSerializer.Serialize(factors),
            Clients = JsonSerializer.Serialize(new Dictionary<string, string>(StringComparer.Ordinal) { [clientId] = subject }),
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now.AddSeconds(options.SsoMaxSeconds),
            Stamp = Guid.NewGuid().ToString("N"),
        };
        db.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(entity).State = EntityState.Detached;
        return ToSession(entity);
    }

    /// <summary>
    /// The session a cookie value belongs to. A session past its idle or absolute end is deleted now and returned
    /// as <see cref="SsoLookup.Expired"/>; an unknown value finds nothing.
    /// </summary>
    public async Task<SsoLookup> FindByCookieAsync(string? cookieValue, CancellationToken cancellationToken)
    {
        if (!Enabled || string.IsNullOrEmpty(cookieValue) || cookieValue.Length > MaxCookieLength)
        {
            return SsoLookup.None;
        }

        var hash = HashCookie(cookieValue);
        var entity = await db.Set<SsoSessionEntity>().AsNoTracking().SingleOrDefaultAsync(s => s.SecretHash == hash, cancellationToken);
        if (entity is null)
        {
            return SsoLookup.None;
        }

        var session = ToSession(entity);
        if (IsExpired(session, time.GetUtcNow()))
        {
            if (await db.Set<SsoSessionEntity>().Where(s => s.Id == entity.Id).ExecuteDeleteAsync(cancellationToken) > 0)
            {
                await EndedAsync(session, ExpiredReason, cancellationToken);
            }

            return new SsoLookup(null, session);
        }

        return new SsoLookup(session, null);
    }

    /// <summary>
    /// Records a completed login in a session: marks it seen, adds the factors proven, moves its authentication time
    /// when a step was run, and adds the client with the <c>sub</c> it was given. Null when the session is gone.
    /// </summary>
    public async Task<SsoSession?> RecordLoginAsync(
        string sessionId,
        IReadOnlyDictionary<string, DateTimeOffset> factorsRun,
        DateTimeOffset? authTime,
        string clientId,
        string subject,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(factorsRun);
        for (var attempt = 1; ; attempt++)
        {
            var entity = await db.Set<SsoSessionEntity>().SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
            if (entity is null)
            {
                return null;
            }

            var factors = Parse<DateTimeOffset>(entity.Factors);
            foreach (var (id, when) in factorsRun)
            {
                factors[id] = when;
            }

            var clients = Parse<string>(entity.Clients);
            clients[clientId] = subject;
            entity.Factors = JsonSerializer.Serialize(factors);
            entity.Clients = JsonSerializer.Serialize(clients);
            if (authTime is { } at && at > entity.AuthTime)
            {
                entity.AuthTime = at;
            }

            entity.LastSeenAt = time.GetUtcNow();
            entity.Stamp = Guid.NewGuid().ToString("N");
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                db.Entry(entity).State = EntityState.Detached;
                return ToSession(entity);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxUpdateTries)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Ends one session; returns it as it was, or null when it was already gone.</summary>
    /// <param name="sessionId">The session's public id.</param>
    /// <param name="reason">Why, for the audit trail (for example <c>logout</c>).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<SsoSession?> EndAsync(string sessionId, string reason, CancellationToken cancellationToken)
    {
        var entity = await db.Set<SsoSessionEntity>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (entity is null)
        {
            return null;
        }

        if (await db.Set<SsoSessionEntity>().Where(s => s.Id == sessionId).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return null;
        }

        var session = ToSession(entity);
        await EndedAsync(session, reason, cancellationToken);
        return session;
    }

    /// <summary>Ends every session of a user (deleted, locked out, demoted, or revoked by an administrator); returns them.</summary>
    /// <param name="userId">The user store's id.</param>
    /// <param name="reason">Why, for the audit trail.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<IReadOnlyList<SsoSession>> EndAllAsync(string userId, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var entities = await db.Set<SsoSessionEntity>().AsNoTracking().Where(s => s.UserId == userId).ToListAsync(cancellationToken);
        if (entities.Count == 0)
        {
            return [];
        }

        var ended = new List<SsoSession>();
        foreach (var entity in entities)
        {
            // One by one, so a session another request ended meanwhile is neither audited nor announced twice.
            if (await db.Set<SsoSessionEntity>().Where(s => s.Id == entity.Id).ExecuteDeleteAsync(cancellationToken) > 0)
            {
                var session = ToSession(entity);
                await EndedAsync(session, reason, cancellationToken);
                ended.Add(session);
            }
        }

        return ended;
    }

    /// <summary>The sessions that are still valid, all or one user's, oldest first.</summary>
    public async Task<IReadOnlyList<SsoSession>> ListAsync(string? userId, CancellationToken cancellationToken)
    {
        var query = db.Set<SsoSessionEntity>().AsNoTracking();
        if (userId is not null)
        {
            query = query.Where(s => s.UserId == userId);
        }

        var now = time.GetUtcNow();
        var sessions = (await query.ToListAsync(cancellationToken)).Select(ToSession).Where(s => !IsExpired(s, now));
        return [.. sessions.OrderBy(s => s.CreatedAt)];
    }

    /// <summary>Deletes up to a bounded batch of expired sessions; returns how many.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var idleCutoff = now.AddSeconds(-Math.Max(options.SsoIdleSeconds, 0));

        // Raw SQL: SQLite cannot compare DateTimeOffset in LINQ; the engine writes every time in UTC, so its text
        // form sorts as time does (as in AccountLockout).
        var ids = await db.Database
            .SqlQuery<string>($"""SELECT "Id" AS "Value" FROM "pickup_sso_sessions" WHERE "ExpiresAt" <= {now} OR "LastSeenAt" <= {idleCutoff} LIMIT {PurgeBatch}""")
            .ToListAsync(cancellationToken);
        return ids.Count == 0 ? 0 : await db.Set<SsoSessionEntity>().Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>When a session ends if unused from now on: the earlier of its idle and absolute ends.</summary>
    public DateTimeOffset EndOf(SsoSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var idleEnd = session.LastSeenAt.AddSeconds(options.SsoIdleSeconds);
        return idleEnd < session.ExpiresAt ? idleEnd : session.ExpiresAt;
    }

    private async Task EndedAsync(SsoSession session, string reason, CancellationToken cancellationToken)
    {
        await audit.WriteAsync(new AuditEvent(AuditEventTypes.SsoEnded) { UserId = session.UserId, Detail = $"{session.Id}: {reason}" }, cancellationToken);
        notifier?.SessionEnded(session.Id, session.Clients);
    }

    private bool IsExpired(SsoSession session, DateTimeOffset now) => !Enabled || EndOf(session) <= now;

    private static SsoSession ToSession(SsoSessionEntity entity) =>
        new(
            entity.Id,
            entity.UserId,
            entity.AuthTime,
            Parse<DateTimeOffset>(entity.Factors),
            Parse<string>(entity.Clients),
            entity.CreatedAt,
            entity.LastSeenAt,
            entity.ExpiresAt);

    private static Dictionary<string, T> Parse<T>(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, T>>(json) ?? [], StringComparer.Ordinal);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>One single sign-on session, as read.</summary>
/// <param name="Id">The public id (<c>sid</c>).</param>
/// <param name="UserId">The user store's id.</param>
/// <param name="AuthTime">When the user last actively authenticated in this session.</param>
/// <param name="Factors">Each authenticator id proven, with when.</param>
/// <param name="Clients">Each client signed in to, with the <c>sub</c> it was given.</param>
/// <param name="CreatedAt">When the session began.</param>
/// <param name="LastSeenAt">When it was last used.</param>
/// <param name="ExpiresAt">Its absolute end.</param>
public sealed record SsoSession(
    string Id,
    string UserId,
    DateTimeOffset AuthTime,
    IReadOnlyDictionary<string, DateTimeOffset> Factors,
    IReadOnlyDictionary<string, string> Clients,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset ExpiresAt);

/// <summary>What a cookie led to: a valid session, one that had just expired (now deleted), or nothing.</summary>
/// <param name="Session">The valid session.</param>
/// <param name="Expired">The session that was found past its end and deleted.</param>
public sealed record SsoLookup(SsoSession? Session, SsoSession? Expired)
{
    /// <summary>Nothing found.</summary>
    public static SsoLookup None { get; } = new(null, null);
}
