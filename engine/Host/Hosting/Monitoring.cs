using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Pickup.Core.Configuration;
using Pickup.Core.Flow;
using Pickup.Data;
using StackExchange.Redis;

namespace Pickup.Host.Hosting;

/// <summary>
/// What an operator watches: metrics for Prometheus at <c>GET /metrics</c> on the management listener
/// (<c>[server] management_port</c>, plain http, loopback by default) and the health probes <c>/health/live</c> and
/// <c>/health/ready</c>, served on the management listener and on the login port alike. <c>/metrics</c> is never
/// served on the login port.
/// </summary>
internal static class Monitoring
{
    /// <summary>Every meter of the engine and its plugins is named so (<c>Pickup.Login</c>, <c>Pickup.Accounts</c>, a plugin's own).</summary>
    public const string MeterPattern = "Pickup.*";

    /// <summary>The scrape path of the management listener.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The liveness probe: the process answers (no check runs).</summary>
    public const string LivePath = "/health/live";

    /// <summary>The readiness probe: the database, Redis (when the session store is) and the plugins answer.</summary>
    public const string ReadyPath = "/health/ready";

    // A probe must answer well before the prober gives up (Kubernetes waits 1 s by default, Prometheus 10 s).
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    private static readonly HealthCheckOptions Live = new()
    {
        Predicate = _ => false,
        ResponseWriter = WriteAsync,
    };

    private static readonly HealthCheckOptions Ready = new()
    {
        Predicate = _ => true,
        ResponseWriter = WriteAsync,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    /// <summary>
    /// Registers the readiness checks (a plugin may add its own with <c>services.AddHealthChecks()</c>: every
    /// registered check is part of <c>/health/ready</c>) and, with a management port, the metrics pipeline.
    /// </summary>
    public static void AddMonitoring(IServiceCollection services, DeploymentOptions deployment)
    {
        var checks = services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", timeout: CheckTimeout)
            .AddCheck<PluginsHealthCheck>("plugins", timeout: CheckTimeout);
        if (deployment.Session.Store == "redis")
        {
            checks.AddCheck<RedisHealthCheck>("redis", timeout: CheckTimeout);
        }

        // Without a listener to read them, instruments are not collected at all.
        if (deployment.Server.ManagementPort > 0)
        {
            services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("pickup"))
                .WithMetrics(metrics => metrics
                .AddMeter(MeterPattern)
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        }
    }

    /// <summary>
    /// Serves the management listener's requests (told apart by the connection's local port, before any header is
    /// believed or the host rewritten): <c>/metrics</c> and the health probes, 404 for everything else. First in the pipeline.
    /// </summary>
    public static void UseManagementListener(WebApplication app, ServerOptions server)
    {
        if (server.ManagementPort <= 0)
        {
            return;
        }

        var port = server.ManagementPort;
        app.MapWhen(http => http.Connection.LocalPort == port, management =>
        {
            management.UseOpenTelemetryPrometheusScrapingEndpoint(MetricsPath);
            management.UseHealthChecks(LivePath, Live);
            management.UseHealthChecks(ReadyPath, Ready);
            management.Run(http =>
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
    }

    /// <summary>The health probes on the login port (beside <c>/health</c>, which stays a plain "ok").</summary>
    public static void MapHealthProbes(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, Live);
        endpoints.MapHealthChecks(ReadyPath, Ready);
    }

    /// <summary>A warning for a management listener reachable from other machines.</summary>
    public static string? BindWarning(ServerOptions server) =>
        server.ManagementPort > 0 && !EngineHost.IsLoopback(server.ManagementBind)
            ? $"[server] management_bind = \"{server.ManagementBind}\" is not a loopback address: /metrics and the health probes are served "
              + "over plain http without authentication to any machine that can reach port " + server.ManagementPort
              + "; make sure a firewall lets only the monitoring system in"
            : null;

    // {"status":"unhealthy","checks":[{"name":"redis","status":"unhealthy","description":"..."}]}: names what failed,
    // never an exception's text (the probes are served on the login port too).
    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", Word(report.Status));
            json.WriteStartArray("checks");
            foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteString("status", Word(entry.Status));
                if (entry.Status != HealthStatus.Healthy)
                {
                    json.WriteString("description", entry.Description ?? (entry.Exception is null ? "failed" : "failed: " + entry.Exception.GetType().Name));
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return http.Response.Body.WriteAsync(buffer.ToArray()).AsTask();
    }

    private static string Word(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}

/// <summary>Ready when the database answers a query on the engine's tables.</summary>
internal sealed class DatabaseHealthCheck(IServiceScopeFactory scopes, ILogger<DatabaseHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PickupDbContext>();
            await db.Users.AsNoTracking().Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Readiness: the database did not answer: {Error}", ex.GetType().Name + ": " + ex.Message);
            return HealthCheckResult.Unhealthy("the database did not answer");
        }
    }
}

/// <summary>Ready when the Redis server of <c>[session] store = "redis"</c> is connected and answers a PING.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis, ILogger<RedisHealthCheck> logger) : IHealthCheck
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected)
        {
            logger.LogWarning("Readiness: Redis is not connected");
            return HealthCheckResult.Unhealthy("Redis is not connected");
        }

        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(PingTimeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Readiness: Redis did not answer a PING: {Error}", ex.GetType().Name);
            return HealthCheckResult.Unhealthy("Redis did not answer");
        }
    }
}

/// <summary>
/// Ready when every option of every service provider's steps has its authenticator in the configuration now served
/// (a plugin's own checks, registered with <c>AddHealthChecks()</c>, run beside this one).
/// </summary>
internal sealed class PluginsHealthCheck(LiveConfiguration live) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var registry = live.Current.Registry;
        foreach (var serviceProvider in registry.Configuration.ServiceProviders)
        {
            foreach (var option in serviceProvider.Steps.SelectMany(s => s.Options))
            {
                if (!registry.TryResolve(option, out _))
                {
                    return Task.FromResult(HealthCheckResult.Unhealthy($"service provider {serviceProvider.Name}: an authenticator of its steps is not loaded"));
                }
            }
        }

        return Task.FromResult(HealthCheckResult.Healthy());
    }
}
