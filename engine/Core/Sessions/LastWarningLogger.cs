using Microsoft.Extensions.Logging;

namespace Pickup.Core.Sessions;

/// <summary>
/// Keeps the last warning written to it, for a component that runs before the host's logging exists: the Redis TLS
/// check at start-up, whose refusal (and the command that fixes it) belongs in the start-up error. Thread-safe.
/// </summary>
/// <typeparam name="T">The category.</typeparam>
public sealed class LastWarningLogger<T> : ILogger<T>
{
    private volatile string? _last;

    /// <summary>The last warning (or worse), formatted; null when none was written.</summary>
    public string? Last => _last;

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            _last = formatter(state, exception);
        }
    }
}
