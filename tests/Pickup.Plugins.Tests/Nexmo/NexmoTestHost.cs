using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pickup.Plugins.Nexmo;
using Pickup.Sms.Contracts;
using Pickup.Testing;

namespace Pickup.Plugins.Tests.Nexmo;

/// <summary>The nexmo sender as the engine gets it: registered by the plugin, resolved from a container, logs captured.</summary>
internal sealed class NexmoTestHost : IDisposable
{
    private readonly ServiceProvider _services;

    /// <param name="configure">Runs before the plugin registers, as the host's own registrations do.</param>
    public NexmoTestHost(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        configure?.Invoke(services);
        new NexmoPlugin().ConfigureServices(services);
        _services = services.BuildServiceProvider();
        Sender = _services.GetServices<ISmsSender>().Single(s => s.Provider == "nexmo");
    }

    public CapturedLogs Logs { get; } = new();

    public ISmsSender Sender { get; }

    /// <summary>The container's meter factory: a collector on it sees this host's instruments only.</summary>
    public System.Diagnostics.Metrics.IMeterFactory Meters => _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();

    public void Dispose() => _services.Dispose();
}
