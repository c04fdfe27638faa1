using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Pickup.Data;

/// <summary>
/// Per-connection SQLite settings (they belong to the connection, not the file), applied once to each physical
/// connection when EF Core first opens it; Microsoft.Data.Sqlite pools physical connections, so later opens of the
/// same one find the settings still in place and cost no extra statement.
/// <c>synchronous = NORMAL</c>: in write-ahead-log mode a commit is appended to the log without waiting for the disk,
/// and the log is flushed to disk at each checkpoint. The database can never be corrupted by a crash this way; a power
/// cut (not a crash of the engine) can lose the last transactions before it. That is SQLite's own recommendation for
/// WAL, and what lets several logins' writes proceed without each waiting for an <c>fsync</c>. Deployments that need every commit on disk before answering use PostgreSQL.
/// <c>busy_timeout = 5000</c>: a writer that finds another one mid-commit waits inside SQLite, which retries within a
/// millisecond or so, for up to 5 seconds. Without it, Microsoft.Data.Sqlite retries by sleeping 150 ms at a time, so
/// concurrent logins would wait that long for each other's writes.
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;";

    private static readonly object Marker = new();

    // Keyed by the native connection handle, which lives as long as the pooled physical connection.
    private readonly ConditionalWeakTable<object, object> _configured = [];

    public static SqliteConnectionSettings Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsConfigured(connection))
        {
            return;
        }

        using (var command = connection.CreateCommand())
        {
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }

        MarkConfigured(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsConfigured(connection))
        {
            return;
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        MarkConfigured(connection);
    }

    private bool IsConfigured(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && _configured.TryGetValue(handle, out _);

    // Only after the statement succeeded: a connection whose settings failed is tried again on its next open.
    private void MarkConfigured(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            _configured.AddOrUpdate(handle, Marker);
        }
    }
}
