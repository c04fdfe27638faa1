using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using Pickup.Core.Sessions;
using Polly;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Pickup.Host.Oidc.BackChannel;

/// <summary>OpenID Connect Back-Channel Logout 1.0: the notifier, its sender and HTTP client, and the discovery metadata.</summary>
internal static class BackChannelLogoutServices
{
    /// <summary>
    /// Advertises back-channel logout with <c>sid</c> in discovery: every logout token carries the session's id (§2.1).
    /// </summary>
    public static OpenIddictServerHandlerDescriptor DiscoveryHandler { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseInlineHandler(context =>
            {
                context.Metadata["backchannel_logout_supported"] = true;
                context.Metadata["backchannel_logout_session_supported"] = true;
                return default;
            })
            .SetOrder(int.MaxValue - 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    /// <summary>Registers everything but the discovery handler (an OpenIddict server option). Calling it twice is harmless.</summary>
    public static void Register(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(BackChannelLogout)))
        {
            return;
        }

        services.AddOptions<BackChannelLogoutOptions>();
        services.TryAddSingleton<BackChannelLogout>();
        services.TryAddSingleton<ISessionLogoutNotifier>(provider => provider.GetRequiredService<BackChannelLogout>());
        services.TryAddSingleton<LogoutTokenFactory>();
        services.AddHostedService<BackChannelLogoutSender>();
        services.AddHttpClient(BackChannelLogoutSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("backchannel-logout", (pipeline, context) =>
                ConfigurePipeline(pipeline, context.ServiceProvider.GetRequiredService<IOptions<BackChannelLogoutOptions>>().Value));
    }

    // Outermost a total timeout (every try and wait), then the retries, then each try's own timeout. A logout token is
    // safe to post twice (the client ends the same session again), so 5xx answers and timeouts are retried too.
    private static void ConfigurePipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, BackChannelLogoutOptions options)
    {
        var waits = TimeSpan.Zero;
        for (var retry = 0; retry < options.MaxRetries; retry++)
        {
            waits += options.FirstRetryDelay * Math.Pow(2, retry);
        }

        pipeline.AddTimeout(options.AttemptTimeout * (options.MaxRetries + 1) + waits + TimeSpan.FromSeconds(1));
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetries,
            Delay = options.FirstRetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = false,
            ShouldRetryAfterHeader = false,
            OnRetry = args =>
            {
                args.Context.GetRequestMessage()?.Options.Set(BackChannelLogoutSender.Tries, args.AttemptNumber + 2);
                return ValueTask.CompletedTask;
            },
        });
        pipeline.AddTimeout(options.AttemptTimeout);
    }
}
