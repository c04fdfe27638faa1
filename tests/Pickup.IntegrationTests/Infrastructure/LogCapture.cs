using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pickup.Testing;

namespace Pickup.IntegrationTests.Infrastructure;

/// <summary>Hooks a <see cref="CapturedLogs"/> into an engine started by <see cref="EngineServer.StartAsync"/>.</summary>
internal static class LogCapture
{
    /// <summary>
    /// Registers <paramref name="logs"/> as one more logger provider. With <paramref name="minimumLevel"/> it sees
    /// every category from that level on, framework chatter included, whatever filters the engine set for the
    /// console; without it, it sees exactly what an admin's console shows.
    /// </summary>
    public static Action<IServiceCollection> Into(CapturedLogs logs, LogLevel? minimumLevel = null) => services =>
    {
        if (minimumLevel is not { } level)
        {
            services.AddSingleton<ILoggerProvider>(logs);
            return;
        }

        // A rule naming the provider beats every category rule without one, so the engine's filters stay for the
        // console and for a capture without a level; the wrapper gives this capture a provider name of its own.
        services.AddSingleton<ILoggerProvider>(new EveryCategory(logs));
        services.Configure<LoggerFilterOptions>(options =>
            options.Rules.Add(new LoggerFilterRule(typeof(EveryCategory).FullName, null, level, null)));
    };

    private sealed class EveryCategory(CapturedLogs logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logs.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
