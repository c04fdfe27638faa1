namespace Pickup.Data.Tests;

/// <summary>
/// A fact that needs the PostgreSQL server <see cref="TestDatabase.PostgresVariable"/> names (<c>./pickup test</c>
/// starts one and sets it). Without it the test is reported as skipped, with the reason, never as passed.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)))
        {
            Skip = $"{TestDatabase.PostgresVariable} is not set: run ./pickup test (it starts PostgreSQL), or set it to a connection string of a role that may create databases.";
        }
    }
}
