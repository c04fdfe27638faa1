using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Pickup.Data;

/// <summary>
/// Per-connection SQLite settings, applied each time EF Core opens a connection (the settings belong to the
/// connection, not the file). <c>synchronous = NORMAL</c>: in write-ahead-log mode a commit is appended to the log
/// without waiting for the disk, and the log is flushed to disk at each checkpoint. The database can never be
/// corrupted by a crash this way; a power cut (not a crash of the engine) can lose the last transactions before it.
/// That is SQLite's own recommendation for WAL, and what lets several logins' writes proceed without each waiting
/// for an <c>fsync</c> (the benchmark measured commits queueing behind each other). Deployments that need every
/// commit on disk before answering use PostgreSQL.
/// <c>busy_timeout = 5000</c>: a writer that finds another one mid-commit waits inside SQLite, which retries within a
/// millisecond or so, for up to 5 seconds. Without it, Microsoft.Data.Sqlite retries by sleeping 150 ms at a time, which
/// the benchmark saw as a p95 of 150 ms on every step that writes.
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;";

    public static SqliteConnectionSettings Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
