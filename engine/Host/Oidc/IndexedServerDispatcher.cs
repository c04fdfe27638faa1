using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Pickup.Host.Oidc;

/// <summary>
/// OpenIddict's server event dispatcher, finding an event's handlers in a list kept per event type. OpenIddict's own
/// dispatcher walks every registered handler descriptor (hundreds) for each event it dispatches (dozens per request)
/// to pick the few registered for that event: a walk a login pays hundreds of times for nothing.
/// </summary>
/// <remarks>
/// Lifetime: per request (scoped), as OpenIddict's. Same semantics as OpenIddict's dispatcher: handlers run in the
/// options' (sorted) order; each handler's filters are evaluated just before it runs, so they see what earlier handlers
/// did; dispatching stops once the request is handled or skipped, or the context rejected.
/// </remarks>
internal sealed class IndexedServerDispatcher(
    ILogger<IndexedServerDispatcher> logger,
    IOptionsMonitor<OpenIddictServerOptions> options,
    IServiceProvider provider) : IOpenIddictServerDispatcher
{
    /// <inheritdoc />
    public async ValueTask DispatchAsync<TContext>(TContext context)
        where TContext : BaseContext
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var descriptor in HandlersOf<TContext>.In(options.CurrentValue.Handlers))
        {
            if (!await IsActiveAsync(descriptor, context))
            {
                continue;
            }

            var handler = Resolve<TContext>(descriptor);
            try
            {
                await handler.HandleAsync(context);
            }
            catch (Exception exception) when (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug(exception, "OpenIddict handler {Handler} threw while processing {Event}", handler.GetType().FullName, typeof(TContext).FullName);
                throw;
            }

            if (context is BaseRequestContext { IsRequestHandled: true } or BaseRequestContext { IsRequestSkipped: true }
                or BaseValidatingContext { IsRejected: true })
            {
                return;
            }
        }
    }

    private async ValueTask<bool> IsActiveAsync<TContext>(OpenIddictServerHandlerDescriptor descriptor, TContext context)
        where TContext : BaseContext
    {
        foreach (var filterType in descriptor.FilterTypes)
        {
            if (provider.GetService(filterType) is not IOpenIddictServerHandlerFilter<TContext> filter)
            {
                throw new InvalidOperationException($"The OpenIddict handler filter {filterType} is not registered.");
            }

            if (!await filter.IsActiveAsync(context))
            {
                return false;
            }
        }

        return true;
    }

    private IOpenIddictServerHandler<TContext> Resolve<TContext>(OpenIddictServerHandlerDescriptor descriptor)
        where TContext : BaseContext =>
        descriptor.ServiceDescriptor switch
        {
            { ImplementationInstance: IOpenIddictServerHandler<TContext> handler } => handler,
            var service when provider.GetService(service.ServiceType) is IOpenIddictServerHandler<TContext> handler => handler,
            var service => throw new InvalidOperationException($"The OpenIddict handler {service.ServiceType} is not registered."),
        };

    /// <summary>The descriptors of one event type, in the order of the list they were taken from.</summary>
    /// <remarks>
    /// Thread-safe: one immutable snapshot, replaced whole. Rebuilt when the options hand out another list (or the list
    /// grew), so several servers in one process (the tests) stay correct, only slower while they alternate.
    /// </remarks>
    private static class HandlersOf<TContext>
        where TContext : BaseContext
    {
        private static Snapshot? _snapshot;

        public static OpenIddictServerHandlerDescriptor[] In(List<OpenIddictServerHandlerDescriptor> all)
        {
            var snapshot = Volatile.Read(ref _snapshot);
            if (snapshot is null || !ReferenceEquals(snapshot.Source, all) || snapshot.SourceCount != all.Count)
            {
                snapshot = new Snapshot(all, all.Count, [.. all.Where(d => d.ContextType == typeof(TContext))]);
                Volatile.Write(ref _snapshot, snapshot);
            }

            return snapshot.Handlers;
        }

        private sealed record Snapshot(List<OpenIddictServerHandlerDescriptor> Source, int SourceCount, OpenIddictServerHandlerDescriptor[] Handlers);
    }
}
