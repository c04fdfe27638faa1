using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Pages;

namespace Pickup.Core.Tests.Flow;

/// <summary>
/// The part every hand-written test factor shares: its identity, its pages and what the engine told it at start-up.
/// Each subclass is one behaviour the step sequencer must handle.
/// </summary>
internal abstract class TestAuthenticatorFactory(string id, string displayName, params string[] templates) : IAuthenticatorFactory
{
    /// <summary>The error page of every test factor.</summary>
    public const string ErrorTemplate = "testendpoint/error";

    private int _initiateCalls;

    public string Id => id;

    public string DisplayName => displayName;

    public IReadOnlyCollection<string> Templates => templates;

    public virtual string AuthenticationMethod => id;

    public virtual string? SuccessAuditEvent => null;

    /// <summary>How many times the engine configured this factory.</summary>
    public int ConfigureCalls { get; private set; }

    /// <summary>The identity providers the engine asked this factory to validate.</summary>
    public List<string> ValidatedIdentityProviders { get; } = [];

    /// <summary>How many times a step was started with this factor.</summary>
    public int InitiateCalls => Volatile.Read(ref _initiateCalls);

    public void Configure(PluginParameters parameters)
    {
        ConfigureCalls++;
        parameters.RejectUnknownKeys(["Greeting"]);
    }

    public void ValidateIdentityProvider(IdentityProviderSettings identityProvider)
    {
        ValidatedIdentityProviders.Add(identityProvider.Name);
        identityProvider.Properties.RejectUnknownKeys(["provider"]);
    }

    public IAuthenticator Create(IServiceProvider requestServices) => new Authenticator(this);

    protected abstract Task<AuthenticatorResult> InitiateAsync(AuthenticationStepContext context, CancellationToken cancellationToken);

    protected abstract Task<AuthenticatorResult> ProcessAsync(
        AuthenticationStepContext context,
        IReadOnlyDictionary<string, string> form,
        CancellationToken cancellationToken);

    private Task<PageView?> RenderPageAsync(AuthenticationStepContext context, PageRequest page) =>
        Task.FromResult(templates.Contains(page.Template)
            ? new PageView(page.Template, new TestPageModel(Id, context.StepNumber, context.User?.UserId, context.IdentityProvider?.Name, context.HasOtherOptions, page.Query.GetValueOrDefault("authFailureMsg")))
            : null);

    // Per request, as the SDK wants; it only forwards to the factory, which holds the test's knobs and counters.
    private sealed class Authenticator(TestAuthenticatorFactory owner) : IAuthenticator
    {
        public Task<AuthenticatorResult> InitiateAsync(AuthenticationStepContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref owner._initiateCalls);
            return owner.InitiateAsync(context, cancellationToken);
        }

        public Task<AuthenticatorResult> ProcessAsync(
            AuthenticationStepContext context,
            IReadOnlyDictionary<string, string> form,
            CancellationToken cancellationToken) =>
            owner.ProcessAsync(context, form, cancellationToken);

        public Task<PageView?> RenderPageAsync(AuthenticationStepContext context, PageRequest page, CancellationToken cancellationToken) =>
            owner.RenderPageAsync(context, page);
    }
}

/// <summary>What every test page shows: what the authenticator saw of the attempt when the page was built.</summary>
internal sealed record TestPageModel(
    string Authenticator,
    int StepNumber,
    string? UserId,
    string? IdentityProvider,
    bool HasOtherOptions,
    string? FailureKey);
