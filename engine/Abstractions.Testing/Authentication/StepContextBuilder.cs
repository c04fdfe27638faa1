using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Configuration;

namespace Pickup.Abstractions.Testing.Authentication;

/// <summary>
/// Builds the <see cref="AuthenticationStepContext"/> the engine would hand an authenticator. Every context built by
/// one builder shares one <see cref="State"/>, as the engine keeps a step's state between the requests of an attempt:
/// build one for <see cref="IAuthenticator.InitiateAsync"/>, another for the form post, and the second sees what the
/// first wrote.
/// </summary>
/// <example><code>
/// var step = new StepContextBuilder().WithUser(user.Id, user.Username).ForStep(2);
/// var shown = await authenticator.InitiateAsync(step.Build(), ct);
/// var posted = await authenticator.ProcessAsync(step.Build(), new Dictionary&lt;string, string&gt; { ["pin"] = "1234" }, ct);
/// </code></example>
public sealed class StepContextBuilder
{
    private string _sessionDataKey = "test-session-data-key";
    private string _serviceProvider = "pickup-dispatch";
    private int _stepNumber = 1;
    private AuthenticatedUser? _user;
    private IdentityProviderSettings? _identityProvider;
    private string? _remoteAddress = "127.0.0.1";
    private string? _loginHint;
    private bool _hasOtherOptions;

    /// <summary>The step's state, shared by every context this builder builds.</summary>
    public IDictionary<string, string> State { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The user an earlier step identified (none by default: a first step).</summary>
    public StepContextBuilder WithUser(string userId, string username)
    {
        _user = new AuthenticatedUser { UserId = userId, Username = username };
        return this;
    }

    /// <summary>The 1-based step number (1 by default).</summary>
    public StepContextBuilder ForStep(int stepNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepNumber, 1);
        _stepNumber = stepNumber;
        return this;
    }

    /// <summary>The attempt's <c>sessionDataKey</c>.</summary>
    public StepContextBuilder WithSessionDataKey(string sessionDataKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionDataKey);
        _sessionDataKey = sessionDataKey;
        return this;
    }

    /// <summary>The service provider (application) logged in to (<c>pickup-dispatch</c> by default).</summary>
    public StepContextBuilder ForServiceProvider(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _serviceProvider = name;
        return this;
    }

    /// <summary>The browser's address (<c>127.0.0.1</c> by default; null for none).</summary>
    public StepContextBuilder FromAddress(string? remoteAddress)
    {
        _remoteAddress = remoteAddress;
        return this;
    }

    /// <summary>The authorization request's <c>login_hint</c> (none by default).</summary>
    public StepContextBuilder WithLoginHint(string? loginHint)
    {
        _loginHint = loginHint;
        return this;
    }

    /// <summary>The step offers other options (the multi-option page), so choosing another one has somewhere to go.</summary>
    public StepContextBuilder WithOtherOptions(bool hasOtherOptions = true)
    {
        _hasOtherOptions = hasOtherOptions;
        return this;
    }

    /// <summary>The step option is <c>{ idp = name }</c>, with these <c>[federated.&lt;id&gt;]</c> properties.</summary>
    public StepContextBuilder WithIdentityProvider(string name, IReadOnlyDictionary<string, object> properties)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(properties);
        var file = $"conf/identity-providers/{name}.toml";
        var line = 2;
        var values = properties.ToDictionary(
            p => p.Key,
            p => new ParameterValue { Value = p.Value, Location = new SourceLocation(file, ++line, 1) },
            StringComparer.Ordinal);
        _identityProvider = new IdentityProviderSettings { Name = name, Properties = new PluginParameters(values, new SourceLocation(file, 2, 1)) };
        return this;
    }

    /// <summary>Sets one value of the step's state, as an earlier request of the attempt would have.</summary>
    public StepContextBuilder WithState(string key, string value)
    {
        State[key] = value;
        return this;
    }

    /// <summary>A context for one request of the attempt.</summary>
    public AuthenticationStepContext Build() =>
        new()
        {
            SessionDataKey = _sessionDataKey,
            ServiceProvider = _serviceProvider,
            StepNumber = _stepNumber,
            User = _user,
            State = State,
            IdentityProvider = _identityProvider,
            RemoteAddress = _remoteAddress,
            LoginHint = _loginHint,
            HasOtherOptions = _hasOtherOptions,
        };
}
