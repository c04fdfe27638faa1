using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using Pickup.Host.Oidc;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Pickup.IntegrationTests.Oidc;

/// <summary>The per-event handler lists keep OpenIddict's dispatching rules.</summary>
public sealed class IndexedServerDispatcherTests
{
    [Fact]
    public async Task Dispatch_RunsOnlyThatEventsHandlersInOrder_FiltersSeeEarlierHandlers_StopsWhenHandled()
    {
        var ran = new List<string>();
        var options = new OpenIddictServerOptions();
        options.Handlers.Clear();
        options.Handlers.AddRange(
        [
            Handler<ProcessRequestContext>("third", 30, ran),
            Handler<ProcessErrorContext>("other event", 15, ran),
            Handler<ProcessRequestContext>("first", 10, ran),
            Handler<ProcessRequestContext>("second, sets the flag", 20, ran, context => context.Transaction.Properties["flag"] = true),
            Handler<ProcessRequestContext>("only when flagged", 25, ran, flagged: true),
            Handler<ProcessRequestContext>("handles the request", 40, ran, context => context.HandleRequest()),
            Handler<ProcessRequestContext>("never: after handled", 50, ran),
        ]);
        options.Handlers.Sort((a, b) => a.Order.CompareTo(b.Order));
        await using var services = new ServiceCollection().AddSingleton<FlagFilter<ProcessRequestContext>>().BuildServiceProvider();
        var dispatcher = new IndexedServerDispatcher(
            NullLogger<IndexedServerDispatcher>.Instance,
            new StaticOptions(options),
            services);

        await dispatcher.DispatchAsync(new ProcessRequestContext(new OpenIddictServerTransaction()));

        Assert.Equal(["first", "second, sets the flag", "only when flagged", "third", "handles the request"], ran);

        // A new handler list (another server in the process) is picked up.
        var other = new OpenIddictServerOptions();
        other.Handlers.Clear();
        other.Handlers.Add(Handler<ProcessRequestContext>("the other server's", 1, ran));
        ran.Clear();
        await new IndexedServerDispatcher(NullLogger<IndexedServerDispatcher>.Instance, new StaticOptions(other), services)
            .DispatchAsync(new ProcessRequestContext(new OpenIddictServerTransaction()));
        Assert.Equal(["the other server's"], ran);
    }

    private static OpenIddictServerHandlerDescriptor Handler<TContext>(
        string name,
        int order,
        List<string> ran,
        Action<TContext>? action = null,
        bool flagged = false)
        where TContext : BaseContext
    {
        var builder = OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .UseInlineHandler(context =>
            {
                ran.Add(name);
                action?.Invoke(context);
                return ValueTask.CompletedTask;
            })
            .SetOrder(order);
        if (flagged)
        {
            builder.AddFilter<FlagFilter<TContext>>();
        }

        return builder.Build();
    }

    private sealed class FlagFilter<TContext> : IOpenIddictServerHandlerFilter<TContext>
        where TContext : BaseContext
    {
        public ValueTask<bool> IsActiveAsync(TContext context) =>
            ValueTask.FromResult(context.Transaction.Properties.ContainsKey("flag"));
    }

    private sealed class StaticOptions(OpenIddictServerOptions value) : IOptionsMonitor<OpenIddictServerOptions>
    {
        public OpenIddictServerOptions CurrentValue => value;

        public OpenIddictServerOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<OpenIddictServerOptions, string?> listener) => null;
    }
}
