using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Pages;
using Pickup.Core.Configuration;
using Pickup.Core.Flow;

namespace Pickup.Core.Tests.Flow;

/// <summary>
/// One engine's protocol core without a web host: the configuration of <see cref="FlowConfiguration"/>, the test
/// factors, an in-memory attempt store on a manual clock, and a browser cookie. Calls read like the host's requests.
/// </summary>
internal sealed class FlowHarness : IDisposable
{
    private readonly ServiceProvider _services;

    /// <param name="wrapStore">Wraps the in-memory store (on this harness's clock), e.g. to stage races.</param>
    public FlowHarness(Func<ILoginAttemptStore, ILoginAttemptStore>? wrapStore = null)
    {
        Configuration = FlowConfiguration.Load();
        var services = new ServiceCollection().AddMetrics();
        foreach (var factory in Factories)
        {
            services.AddSingleton<IAuthenticatorFactory>(factory);
        }

        _services = services.BuildServiceProvider();
        Meters = _services.GetRequiredService<IMeterFactory>();
        Registry = new AuthenticatorRegistry(Configuration, _services.GetServices<IAuthenticatorFactory>());
        var errors = Registry.Initialize(_ => true);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var store = new InMemoryLoginAttemptStore(Clock);
        Store = wrapStore is null ? store : wrapStore(store);
        Flow = CreateNode();
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero));

    public PasswordAuthenticatorFactory Password { get; } = new();

    public CodeAuthenticatorFactory Code { get; } = new();

    public IdentifyBobFactory Ident { get; } = new();

    public FailingFactory Failing { get; } = new();

    public DecliningFactory Declining { get; } = new();

    public IEnumerable<TestAuthenticatorFactory> Factories => [Password, Code, Ident, Failing, Declining];

    public PickupConfiguration Configuration { get; }

    public AuthenticatorRegistry Registry { get; }

    public ILoginAttemptStore Store { get; }

    public IMeterFactory Meters { get; }

    public RecordingAuditLog Audit { get; } = new();

    public LoginFlow Flow { get; }

    /// <summary>The driver's browser-binding cookie.</summary>
    public string Cookie { get; } = BrowserBinding.NewValue();

    /// <summary>Another engine node over the same store and clock (its own one-request-at-a-time gates).</summary>
    public LoginFlow CreateNode() => new(Registry, Store, Clock, NullLogger<LoginFlow>.Instance, Meters, Audit);

    /// <summary>The parameters <see cref="StartAsync"/> stores, as the resumed authorization request carries them back.</summary>
    public static KeyValuePair<string, string?>[] Resumed(string serviceProvider) =>
        [new("client_id", serviceProvider), new("state", "xyz")];

    /// <summary>What <c>/oauth2/authorize</c> does for <paramref name="serviceProvider"/>'s client.</summary>
    public Task<FlowOutcome> StartAsync(string serviceProvider, string? cookie = null) =>
        Flow.StartAsync(
            Registry.FindByName(serviceProvider) ?? throw new InvalidOperationException("unknown service provider " + serviceProvider),
            new Dictionary<string, string> { ["client_id"] = serviceProvider, ["state"] = "xyz" },
            cookie ?? Cookie,
            _services,
            "192.0.2.10",
            CancellationToken.None);

    /// <summary>What <c>/oauth2/authorize</c> does in a browser whose single sign-on session brings <paramref name="sso"/>.</summary>
    public Task<FlowOutcome> StartWithSessionAsync(string serviceProvider, SsoGrant sso) =>
        Flow.StartAsync(
            Registry.FindByName(serviceProvider) ?? throw new InvalidOperationException("unknown service provider " + serviceProvider),
            new Dictionary<string, string> { ["client_id"] = serviceProvider, ["state"] = "xyz" },
            Cookie,
            sso,
            _services,
            "192.0.2.10",
            CancellationToken.None);

    /// <summary>A form post to <c>/commonauth</c> from this harness's browser.</summary>
    public Task<FlowOutcome> PostAsync(string sessionDataKey, params (string Name, string Value)[] fields) =>
        PostAsync(Flow, sessionDataKey, Cookie, fields);

    /// <summary>A form post to <c>/commonauth</c> through <paramref name="node"/> from the browser holding <paramref name="cookie"/>.</summary>
    public Task<FlowOutcome> PostAsync(LoginFlow node, string sessionDataKey, string? cookie, params (string Name, string Value)[] fields)
    {
        ArgumentNullException.ThrowIfNull(node);
        var form = fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);
        form["sessionDataKey"] = sessionDataKey;
        return node.PostAsync(form, cookie, _services, "192.0.2.10", CancellationToken.None);
    }

    /// <summary>A GET of a page, as the browser follows a redirect: the query of <paramref name="location"/> is sent.</summary>
    public Task<PageView?> RenderAsync(string location, string? cookie = null)
    {
        var (template, query) = Split(location);
        return Flow.RenderAsync(template, query, cookie ?? Cookie, _services, "192.0.2.10", CancellationToken.None);
    }

    /// <summary>The <c>sessionDataKey</c> a redirect carries.</summary>
    public static string KeyOf(FlowOutcome outcome)
    {
        Assert.Equal(FlowOutcomeKind.Redirect, outcome.Kind);
        return Split(outcome.Location!).Query["sessionDataKey"];
    }

    /// <summary>A redirect location's template (path without the leading slash) and query.</summary>
    public static (string Template, Dictionary<string, string> Query) Split(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var question = location.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? location : location[..question];
        var query = question < 0 ? [] : QueryHelpers.ParseQuery(location[question..]).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        return (path.TrimStart('/'), query);
    }

    /// <summary>Asserts a redirect to <paramref name="template"/> and returns its query.</summary>
    public static Dictionary<string, string> AssertPage(FlowOutcome outcome, string template)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Assert.Equal(FlowOutcomeKind.Redirect, outcome.Kind);
        var (actual, query) = Split(outcome.Location!);
        Assert.Equal(template, actual);
        return query;
    }

    /// <summary>Asserts a redirect to the engine's error page with <paramref name="failureKey"/>.</summary>
    public static void AssertError(FlowOutcome outcome, string failureKey)
    {
        var query = AssertPage(outcome, FlowOutcome.ErrorTemplate);
        Assert.Equal("true", query["authFailure"]);
        Assert.Equal(failureKey, query["authFailureMsg"]);
    }

    public void Dispose() => _services.Dispose();
}
