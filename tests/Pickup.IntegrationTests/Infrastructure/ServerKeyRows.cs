using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Pickup.IntegrationTests.Infrastructure;

/// <summary>The rows of the engine's server keys' table, read straight from the database as an attacker with a copy would.</summary>
internal static class ServerKeyRows
{
    /// <summary>Name and stored material of every row, from a home's SQLite file.</summary>
    public static Task<IReadOnlyList<(string Name, string Material)>> ReadSqliteAsync(TestHome home) =>
        ReadAsync(new SqliteConnection($"Data Source={home.FilePath("data/pickup.db")};Pooling=false"));

    /// <summary>Name and stored material of every row, from a PostgreSQL database.</summary>
    public static Task<IReadOnlyList<(string Name, string Material)>> ReadPostgresAsync(PostgresDatabase database) =>
        ReadAsync(new NpgsqlConnection(database.Connection));

    private static async Task<IReadOnlyList<(string Name, string Material)>> ReadAsync(DbConnection connection)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT \"Name\", \"Material\" FROM pickup_server_keys ORDER BY \"Name\"";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<(string, string)>();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }

            return rows;
        }
    }
}
