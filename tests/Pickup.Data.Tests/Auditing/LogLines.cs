using Microsoft.Extensions.Logging;

namespace Pickup.Data.Tests.Auditing;

/// <summary>Keeps every log entry with its structured values, to assert what the audit log writes.</summary>
public sealed class LogLines : ILoggerProvider
{
    private readonly Lock _gate = new();
    private readonly List<LogLine> _lines = [];

    public IReadOnlyList<LogLine> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogLines owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
                : [];
            lock (owner._gate)
            {
                owner._lines.Add(new LogLine(category, logLevel, formatter(state, exception), values, exception));
            }
        }
    }
}

/// <summary>One captured entry.</summary>
public sealed record LogLine(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values, Exception? Exception);
