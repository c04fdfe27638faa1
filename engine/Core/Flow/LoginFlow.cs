using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Pages;
using Pickup.Core.Auditing;
using Pickup.Core.Configuration;

namespace Pickup.Core.Flow;

/// <summary>
/// The step sequencer: runs a service provider's authentication steps in order for one login attempt.
/// It knows nothing of HTTP: the host hands it form and query values and turns its outcomes into redirects.
/// Once per server; every method is safe for concurrent use.
/// </summary>
public sealed class LoginFlow
{
    /// <summary>How long a login attempt may take from start to finish.</summary>
    public static readonly TimeSpan AttemptLifetime = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long an attempt lives until its first form post: long enough to type a username and password, short
    /// enough that attempts nobody uses (a flood of authorization requests) leave the store by themselves soon.
    /// </summary>
    public static readonly TimeSpan UntouchedAttemptLifetime = TimeSpan.FromMinutes(5);

    // Keys are 43 characters; anything much longer is not one of ours and is not worth a store lookup.
    private const int MaxKeyLength = 100;

    /// <summary>How long a key replaced after a completed step still leads a late duplicate request to its successor.</summary>
    internal static readonly TimeSpan ReplacedKeyLifetime = TimeSpan.FromMinutes(2);

    private readonly LiveConfiguration _live;
    private readonly ILoginAttemptStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<LoginFlow> _logger;
    private readonly Counter<long> _stepsSucceeded;
    private readonly LoginMetrics _metrics;
    private readonly IAttemptGate _gate;
    private readonly IAuditLog _audit;

    /// <summary>A flow for one node with one configuration: attempts are gated in this process's memory.</summary>
    public LoginFlow(AuthenticatorRegistry registry, ILoginAttemptStore store, TimeProvider time, ILogger<LoginFlow> logger, IMeterFactory meters, IAuditLog audit)
        : this(new LiveConfiguration(new ConfigurationGeneration("fixed", registry, null), time), store, new InMemoryAttemptGate(), time, logger, meters, audit)
    {
    }


    /// <summary>
    /// A flow whose attempts may be shared with other nodes through <paramref name="store"/> and <paramref name="gate"/>;
    /// each attempt keeps the configuration of <paramref name="live"/> it started under.
    /// </summary>
    public LoginFlow(
        LiveConfiguration live,
        ILoginAttemptStore store,
        IAttemptGate gate,
        TimeProvider time,
        ILogger<LoginFlow> logger,
        IMeterFactory meters,
        IAuditLog audit)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(live);
        _live = live;
        _store = store;
        _gate = gate;
        _time = time;
        _logger = logger;
        _audit = audit;
        var meter = meters.Create(MeterName);
        _stepsSucceeded = meter.CreateCounter<long>(
            "pickup.login.steps.succeeded",
            description: "Steps passed, by authenticator: compared with a factor's own count of challenges sent, it shows challenges never answered.");
        _metrics = new LoginMetrics(meter, time);
    }

    /// <summary>The meter of login metrics.</summary>
    public const string MeterName = "Pickup.Login";

    /// <summary>Creates an attempt for <paramref name="serviceProvider"/> and starts its first step.</summary>
    /// <param name="serviceProvider">The application being logged in to.</param>
    /// <param name="authorizeParameters">The authorization request, to resume when done.</param>
    /// <param name="browserCookie">The browser-binding cookie value.</param>
    /// <param name="services">The request's services (authenticators resolve theirs here).</param>
    /// <param name="remoteAddress">The client's address.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public Task<FlowOutcome> StartAsync(
        ServiceProviderConfig serviceProvider,
        IReadOnlyDictionary<string, string> authorizeParameters,
        string browserCookie,
        IServiceProvider services,
        string? remoteAddress,
        CancellationToken cancellationToken) =>
        StartAsync(serviceProvider, authorizeParameters, browserCookie, null, services, remoteAddress, cancellationToken);

    /// <summary>
    /// Creates an attempt for <paramref name="serviceProvider"/> and starts its first step that
    /// <paramref name="sso"/> has not proven: a step is skipped when one of its options is an authenticator the
    /// browser's single sign-on session has proven, and the attempt's user is the session's. When every step is
    /// proven the attempt is complete at once (no page).
    /// </summary>
    /// <param name="serviceProvider">The application being logged in to.</param>
    /// <param name="authorizeParameters">The authorization request, to resume when done.</param>
    /// <param name="browserCookie">The browser-binding cookie value.</param>
    /// <param name="sso">The browser's valid single sign-on session, or null to run every step.</param>
    /// <param name="services">The request's services (authenticators resolve theirs here).</param>
    /// <param name="remoteAddress">The client's address.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public async Task<FlowOutcome> StartAsync(
        ServiceProviderConfig serviceProvider,
        IReadOnlyDictionary<string, string> authorizeParameters,
        string browserCookie,
        SsoGrant? sso,
        IServiceProvider services,
        string? remoteAddress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serviceProvider);
        var now = _time.GetUtcNow();

        // The attempt keeps the configuration it starts under: the current one, where the caller found the service
        // provider a moment ago (unless a reload came in between: then its steps are the new ones).
        var generation = _live.Current;
        serviceProvider = generation.Registry.FindByName(serviceProvider.Name) ?? serviceProvider;
        var attempt = new LoginAttempt
        {
            ConfigurationId = generation.Id,
            SessionDataKey = BrowserBinding.NewSessionDataKey(),
            BrowserBinding = BrowserBinding.Hash(browserCookie),
            ServiceProvider = serviceProvider.Name,
            ClientId = serviceProvider.Oidc.ClientId,
            AuthorizeParameters = new Dictionary<string, string>(authorizeParameters, StringComparer.Ordinal),
            CreatedAt = now,
            ExpiresAt = now + UntouchedAttemptLifetime,
            SsoSessionId = sso?.SessionId,
            UserId = sso?.UserId,
            Username = sso?.Username,
            SsoProvenAuthenticators = sso is null ? [] : [.. sso.ProvenAuthenticators.Order(StringComparer.Ordinal)],
        };
        await _store.CreateAsync(attempt, cancellationToken);
        _metrics.Started(attempt);
        return await SaveAsync(attempt, await BeginStepAsync(attempt, serviceProvider, services, remoteAddress, cancellationToken), cancellationToken);
    }

    /// <summary>Handles a form posted to <c>/commonauth</c>.</summary>
    public async Task<FlowOutcome> PostAsync(
        IReadOnlyDictionary<string, string> form,
        string? browserCookie,
        IServiceProvider services,
        string? remoteAddress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var key = form.GetValueOrDefault("sessionDataKey");
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength)
        {
            return FlowOutcome.Error("session.expired");
        }

        // One request at a time per attempt: a double click must not send two codes (side effects happen before
        // the optimistic save could tell the second request it lost).
        await using (await _gate.EnterAsync(key, cancellationToken))
        {
            return await PostLockedAsync(key, form, browserCookie, services, remoteAddress, cancellationToken);
        }
    }

    private async Task<FlowOutcome> PostLockedAsync(
        string key,
        IReadOnlyDictionary<string, string> form,
        string? browserCookie,
        IServiceProvider services,
        string? remoteAddress,
        CancellationToken cancellationToken)
    {
        var stored = await _store.FindAsync(key, cancellationToken);
        if (stored is { Status: LoginAttemptStatus.Replaced } && BrowserBinding.Matches(stored, browserCookie))
        {
            // The same form posted again after its step completed (a double click): go where the first one went.
            return await FollowWinnerAsync(key, cancellationToken);
        }

        var attempt = stored is { Status: not LoginAttemptStatus.Replaced } && BrowserBinding.Matches(stored, browserCookie) ? stored : null;
        if (attempt is null)
        {
            return FlowOutcome.Error("session.expired");
        }

        if (attempt.Status != LoginAttemptStatus.InProgress || ServiceProviderOf(attempt) is not { } serviceProvider)
        {
            return attempt.Status switch
            {
                // A second click on the last step's button: the first one finished the login, so finish it again
                // (the authorization endpoint still issues one code only).
                LoginAttemptStatus.Completed => FlowOutcome.Complete(attempt),
                LoginAttemptStatus.Failed when attempt.CurrentTemplate == FlowOutcome.ErrorTemplate =>
                    FlowOutcome.Error(attempt.CurrentQuery.GetValueOrDefault("authFailureMsg") ?? "session.expired"),
                LoginAttemptStatus.Failed when attempt.CurrentTemplate is not null =>
                    FlowOutcome.Page(attempt.CurrentTemplate, attempt.SessionDataKey, attempt.CurrentQuery),
                _ => FlowOutcome.Error("session.expired"),
            };
        }

        if (!attempt.Posted)
        {
            // In use from now on: the full lifetime, and never evicted to make room for new attempts.
            attempt.Posted = true;
            attempt.ExpiresAt = attempt.CreatedAt + AttemptLifetime;
        }

        var stepBefore = attempt.StepIndex;
        var step = serviceProvider.Steps[attempt.StepIndex];
        FlowOutcome outcome;
        if (step.Options.Count > 1 && form.TryGetValue("authenticator", out var chosen))
        {
            outcome = await ChooseOptionAsync(attempt, serviceProvider, chosen, form.GetValueOrDefault("idp"), services, remoteAddress, cancellationToken);
        }
        else if (attempt.OptionIndex is not { } optionIndex)
        {
            outcome = ShowMultiOption(attempt);
        }
        else
        {
            var option = _live.Resolve(step.Options[optionIndex]);
            var context = CreateContext(attempt, option, remoteAddress);
            var authenticator = option.Factory.Create(services);
            var began = _time.GetTimestamp();
            var result = await authenticator.ProcessAsync(context, form, cancellationToken);
            _metrics.StepProcessed(attempt, option.Factory.Id, began);
            outcome = await ApplyAsync(attempt, serviceProvider, option, result, services, remoteAddress, cancellationToken);
        }

        return attempt.Status == LoginAttemptStatus.InProgress && attempt.StepIndex > stepBefore
            ? await MoveToNewKeyAsync(attempt, cancellationToken)
            : await SaveAsync(attempt, outcome, cancellationToken);
    }

    // The attempt's service provider in the configuration it started under; null when that has no such provider any
    // more or fewer steps than the attempt has reached (it started under files this node no longer has).
    private ServiceProviderConfig? ServiceProviderOf(LoginAttempt attempt) =>
        _live.For(attempt.ConfigurationId).Registry.FindByName(attempt.ServiceProvider) is { } serviceProvider
        && attempt.StepIndex < serviceProvider.Steps.Count
        && (attempt.OptionIndex is not { } option || option < serviceProvider.Steps[attempt.StepIndex].Options.Count)
            ? serviceProvider
            : null;

    /// <summary>Builds the page a GET asks for, or null when the attempt or page is unknown.</summary>
    /// <exception cref="Templates.TemplateException">The authenticator built a page with a model of another type than it declared.</exception>
    public async Task<PageView?> RenderAsync(
        string template,
        IReadOnlyDictionary<string, string> query,
        string? browserCookie,
        IServiceProvider services,
        string? remoteAddress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var attempt = await FindAsync(query.GetValueOrDefault("sessionDataKey"), browserCookie, cancellationToken);
        if (attempt is null || ServiceProviderOf(attempt) is not { } serviceProvider)
        {
            return null;
        }

        var step = serviceProvider.Steps[attempt.StepIndex];
        if (template == FlowOutcome.MultiOptionTemplate)
        {
            var options = step.Options
                .Select(o => _live.Resolve(o))
                .Select(o => new MultiOptionChoice(o.Factory.Id, o.IdpName, o.DisplayName))
                .ToArray();
            var errorKey = query.GetValueOrDefault("authFailure") == "true" ? query.GetValueOrDefault("authFailureMsg") : null;
            return new PageView(template, new MultiOptionModel(options, errorKey));
        }

        if (attempt.OptionIndex is not { } optionIndex)
        {
            return null;
        }

        var option = _live.Resolve(step.Options[optionIndex]);
        var context = CreateContext(attempt, option, remoteAddress);
        var view = await option.Factory.Create(services).RenderPageAsync(context, new PageRequest { Template = template, Query = query }, cancellationToken);
        return _live.For(attempt.ConfigurationId).Registry.CheckPageModel(option.Factory, view);
    }

    /// <summary>
    /// Takes a completed attempt out of the store, once: the authorization endpoint calls this to issue the code.
    /// Returns null when the attempt is unknown, not complete, for another client, from another browser, or
    /// already used, and when <paramref name="resumedParameters"/> (the resumed request without
    /// <c>sessionDataKey</c>) differ in any way from the parameters stored at the start: a swapped
    /// <c>redirect_uri</c>, <c>state</c>, <c>code_challenge</c>, <c>nonce</c> or <c>scope</c> gets no code.
    /// </summary>
    public async Task<LoginAttempt?> ConsumeCompletedAsync(
        string sessionDataKey,
        string? browserCookie,
        string clientId,
        IReadOnlyCollection<KeyValuePair<string, string?>> resumedParameters,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resumedParameters);
        var attempt = await FindAsync(sessionDataKey, browserCookie, cancellationToken);
        if (attempt is null || attempt.Status != LoginAttemptStatus.Completed || attempt.ClientId != clientId)
        {
            return null;
        }

        if (!SameParameters(attempt.AuthorizeParameters, resumedParameters))
        {
            _logger.LogWarning("A completed login attempt for {ServiceProvider} was resumed with other authorization parameters than it started with; refused", attempt.ServiceProvider);
            return null;
        }

        return await _store.TryRemoveAsync(sessionDataKey, cancellationToken) ? attempt : null;
    }

    // Exactly the stored parameters, no more, no fewer, each with its stored value (ordinal).
    private static bool SameParameters(Dictionary<string, string> stored, IReadOnlyCollection<KeyValuePair<string, string?>> resumed) =>
        resumed.Count == stored.Count
        && resumed.All(p => p.Value is not null && stored.TryGetValue(p.Key, out var value) && string.Equals(value, p.Value, StringComparison.Ordinal));

    private async Task<LoginAttempt?> FindAsync(string? sessionDataKey, string? browserCookie, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(sessionDataKey) || sessionDataKey.Length > MaxKeyLength)
        {
            return null;
        }

        var attempt = await _store.FindAsync(sessionDataKey, cancellationToken);
        return attempt is { Status: not LoginAttemptStatus.Replaced } && BrowserBinding.Matches(attempt, browserCookie) ? attempt : null;
    }

    private async Task<FlowOutcome> BeginStepAsync(
        LoginAttempt attempt,
        ServiceProviderConfig serviceProvider,
        IServiceProvider services,
        string? remoteAddress,
        CancellationToken cancellationToken)
    {
        if (SkipProvenSteps(attempt, serviceProvider))
        {
            return await CompleteAsync(attempt, serviceProvider, remoteAddress, cancellationToken);
        }

        var step = serviceProvider.Steps[attempt.StepIndex];
        attempt.State = new Dictionary<string, string>(StringComparer.Ordinal);
        if (step.Options.Count > 1)
        {
            attempt.OptionIndex = null;
            return ShowMultiOption(attempt);
        }

        attempt.OptionIndex = 0;
        return await InitiateAsync(attempt, serviceProvider, services, remoteAddress, cancellationToken);
    }

    private async Task<FlowOutcome> ChooseOptionAsync(
        LoginAttempt attempt,
        ServiceProviderConfig serviceProvider,
        string authenticatorId,
        string? idp,
        IServiceProvider services,
        string? remoteAddress,
        CancellationToken cancellationToken)
    {
        var options = serviceProvider.Steps[attempt.StepIndex].Options;
        for (var i = 0; i < options.Count; i++)
        {
            var option = _live.Resolve(options[i]);
            if (option.Factory.Id == authenticatorId && (idp is null || option.IdpName == idp))
            {
                attempt.OptionIndex = i;
                attempt.State = new Dictionary<string, string>(StringComparer.Ordinal);
                return await InitiateAsync(attempt, serviceProvider, services, remoteAddress, cancellationToken);
            }
        }

        return ShowMultiOption(attempt);
    }

    private async Task<FlowOutcome> InitiateAsync(
        LoginAttempt attempt,
        ServiceProviderConfig serviceProvider,
        IServiceProvider services,
        string? remoteAddress,
        CancellationToken cancellationToken)
    {
        var option = _live.Resolve(serviceProvider.Steps[attempt.StepIndex].Options[attempt.OptionIndex!.Value]);
        var context = CreateContext(attempt, option, remoteAddress);
        var began = _time.GetTimestamp();
        var result = await option.Factory.Create(services).InitiateAsync(context, cancellationToken);
        _metrics.StepProcessed(attempt, option.Factory.Id, began);
        return await ApplyAsync(attempt, serviceProvider, option, result, services, remoteAddress, cancellationToken);
    }

    private async Task<FlowOutcome> ApplyAsync(
        LoginAttempt attempt,
        ServiceProviderConfig serviceProvider,
        ResolvedOption option,
        AuthenticatorResult result,
        IServiceProvider services,
        string? remoteAddress,
        CancellationToken cancellationToken)
    {
        switch (result.Kind)
        {
            case AuthenticatorResultKind.ShowPage:
                _metrics.PageShown(attempt, option.Factory.Id, result);
                return ShowPage(attempt, result.Template!, result.Query);

            case AuthenticatorResultKind.ChooseAnotherOption when serviceProvider.Steps[attempt.StepIndex].Options.Count > 1:
                _metrics.PageShown(attempt, option.Factory.Id, result);
                attempt.OptionIndex = null;
                attempt.State = new Dictionary<string, string>(StringComparer.Ordinal);
                return ShowPage(attempt, FlowOutcome.MultiOptionTemplate, result.Query);

            case AuthenticatorResultKind.Failed or AuthenticatorResultKind.ChooseAnotherOption:
                attempt.Status = LoginAttemptStatus.Failed;
                _metrics.Failed(attempt, option.Factory.Id, result.FailureKey);
                _logger.LogInformation(
                    "Login attempt for {ServiceProvider} failed at step {Step} ({Authenticator}): {FailureKey}",
                    attempt.ServiceProvider,
                    attempt.StepIndex + 1,
                    option.Factory.Id,
                    result.FailureKey);
                await _audit.WriteAsync(
                    AttemptEvent(AuditEventTypes.LoginFailed, attempt, remoteAddress, $"{result.FailureKey} at step {attempt.StepIndex + 1} ({option.Factory.Id})"),
                    cancellationToken);
                return ShowPage(attempt, result.Template!, result.Query);

            case AuthenticatorResultKind.Succeeded:
                break;

            default:
                throw new InvalidOperationException($"Unknown authenticator result {result.Kind}.");
        }

        if (result.User is { } user)
        {
            if (attempt.UserId is not null && attempt.UserId != user.UserId)
            {
                _logger.LogWarning("Step {Step} of a login attempt identified a different user than an earlier step", attempt.StepIndex + 1);
                _metrics.Failed(attempt, option.Factory.Id, "user.mismatch");
                return FailWithEngineError(attempt, "user.mismatch");
            }

            attempt.UserId = user.UserId;
            attempt.Username = user.Username;
        }

        var step = serviceProvider.Steps[attempt.StepIndex];
        if (step.UseSubject && attempt.UserId is not null)
        {
            attempt.SubjectUserId = attempt.UserId;
        }

        // A skipped step proved nothing: the token's amr and the audit trail must not claim the factor.
        if (!result.Skipped)
        {
            attempt.CompletedAuthenticators.Add(option.Factory.Id);
            if (option.Factory.SuccessAuditEvent is { } successEvent)
            {
                await _audit.WriteAsync(AttemptEvent(successEvent, attempt, remoteAddress, null), cancellationToken);
            }
        }

        _stepsSucceeded.Add(1, new KeyValuePair<string, object?>("authenticator", option.Factory.Id));
        attempt.StepIndex++;
        if (attempt.StepIndex < serviceProvider.Steps.Count)
        {
            return await BeginStepAsync(attempt, serviceProvider, services, remoteAddress, cancellationToken);
        }

        return await CompleteAsync(attempt, serviceProvider, remoteAddress, cancellationToken);
    }

    /// <summary>
    /// True when a single sign-on session that proved <paramref name="proven"/> covers every step of
    /// <paramref name="serviceProvider"/>, so a login needs no page at all (what <c>prompt=none</c> asks).
    /// </summary>
    public bool CoversEveryStep(ServiceProviderConfig serviceProvider, IReadOnlySet<string> proven)
    {
        ArgumentNullException.ThrowIfNull(serviceProvider);
        ArgumentNullException.ThrowIfNull(proven);
        return serviceProvider.Steps.All(step => ProvenOption(step, proven) is not null);
    }

    // The id of a step's option the session has proven, or null.
    private string? ProvenOption(AuthenticationStepConfig step, IReadOnlySet<string> proven) =>
        step.Options.Select(o => _live.Resolve(o).Factory.Id).FirstOrDefault(proven.Contains);

    // Moves past the steps the single sign-on session proved. Returns true when no step is left. Nothing is
    // counted or audited as passed for a skipped step.
    private bool SkipProvenSteps(LoginAttempt attempt, ServiceProviderConfig serviceProvider)
    {
        if (attempt.SsoSessionId is null || attempt.SsoProvenAuthenticators.Count == 0)
        {
            return false;
        }

        var proven = attempt.SsoProvenAuthenticators.ToHashSet(StringComparer.Ordinal);
        while (attempt.StepIndex < serviceProvider.Steps.Count
               && ProvenOption(serviceProvider.Steps[attempt.StepIndex], proven) is { } reused)
        {
            attempt.ReusedAuthenticators.Add(reused);
            if (serviceProvider.Steps[attempt.StepIndex].UseSubject)
            {
                attempt.SubjectUserId = attempt.UserId;
            }

            attempt.StepIndex++;
        }

        return attempt.StepIndex >= serviceProvider.Steps.Count;
    }

    private async Task<FlowOutcome> CompleteAsync(
        LoginAttempt attempt,
        ServiceProviderConfig serviceProvider,
        string? remoteAddress,
        CancellationToken cancellationToken)
    {
        if (attempt.UserId is null)
        {
            _logger.LogError("Service provider {ServiceProvider}: no step identified a user; its first step must be a first factor", attempt.ServiceProvider);
            _metrics.Failed(attempt, null, "user.not.identified");
            return FailWithEngineError(attempt, "user.not.identified");
        }

        attempt.SubjectUserId ??= attempt.UserId;
        attempt.Status = LoginAttemptStatus.Completed;

        // A login the single sign-on session covered entirely ran no step: the host audits it as sso.reused.
        if (attempt.CompletedAuthenticators.Count > 0)
        {
            var reused = attempt.ReusedAuthenticators.Count > 0 ? $" (single sign-on: {string.Join('+', attempt.ReusedAuthenticators)})" : string.Empty;
            await _audit.WriteAsync(
                AttemptEvent(AuditEventTypes.LoginSucceeded, attempt, remoteAddress, string.Join('+', attempt.CompletedAuthenticators) + reused),
                cancellationToken);
            _metrics.Completed(attempt);
        }

        _metrics.Ended(attempt);

        attempt.State = new Dictionary<string, string>(StringComparer.Ordinal);
        return FlowOutcome.Complete(attempt);
    }

    // The engine's own failures end on its error page; the attempt remembers that page so later posts land there too.
    private static FlowOutcome FailWithEngineError(LoginAttempt attempt, string failureKey)
    {
        attempt.Status = LoginAttemptStatus.Failed;
        attempt.CurrentTemplate = FlowOutcome.ErrorTemplate;
        attempt.CurrentQuery = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["authFailure"] = "true",
            ["authFailureMsg"] = failureKey,
        };
        return FlowOutcome.Error(failureKey);
    }

    private static FlowOutcome ShowMultiOption(LoginAttempt attempt) =>
        ShowPage(attempt, FlowOutcome.MultiOptionTemplate, new Dictionary<string, string>());

    private static FlowOutcome ShowPage(LoginAttempt attempt, string template, IReadOnlyDictionary<string, string> query)
    {
        attempt.CurrentTemplate = template;
        attempt.CurrentQuery = new Dictionary<string, string>(query, StringComparer.Ordinal);
        return FlowOutcome.Page(template, attempt.SessionDataKey, query);
    }

    // A completed step gives the attempt a new key, so a key seen before the step (in a log, a shared link, a
    // browser history) is worth nothing after it. The old key stays behind as a pointer only: a request that lost
    // the race (a double click) follows it to where the winner went.
    private async Task<FlowOutcome> MoveToNewKeyAsync(LoginAttempt attempt, CancellationToken cancellationToken)
    {
        var oldKey = attempt.SessionDataKey;
        var successor = JsonSerializer.Deserialize<LoginAttempt>(JsonSerializer.Serialize(attempt))!;
        successor.SessionDataKey = BrowserBinding.NewSessionDataKey();
        await _store.CreateAsync(successor, cancellationToken);

        // Only what following the pointer needs is kept (the browser binding, the successor's key), and for a short
        // while: a double click arrives within seconds, and thousands of logins may be waiting for their codes.
        attempt.Status = LoginAttemptStatus.Replaced;
        attempt.ReplacedBy = successor.SessionDataKey;
        attempt.State = new Dictionary<string, string>(StringComparer.Ordinal);
        attempt.AuthorizeParameters.Clear();
        attempt.CurrentQuery = new Dictionary<string, string>(StringComparer.Ordinal);
        attempt.CompletedAuthenticators = [];
        attempt.ReusedAuthenticators = [];
        attempt.SsoProvenAuthenticators = [];
        attempt.SsoSessionId = null;
        attempt.CurrentTemplate = null;
        attempt.UserId = null;
        attempt.Username = null;
        attempt.SubjectUserId = null;
        var pointerExpiry = _time.GetUtcNow() + ReplacedKeyLifetime;
        if (pointerExpiry < attempt.ExpiresAt)
        {
            attempt.ExpiresAt = pointerExpiry;
        }

        if (!await _store.TryUpdateAsync(attempt, cancellationToken))
        {
            await _store.TryRemoveAsync(successor.SessionDataKey, cancellationToken);
            return await FollowWinnerAsync(oldKey, cancellationToken);
        }

        return FlowOutcome.Page(successor.CurrentTemplate!, successor.SessionDataKey, successor.CurrentQuery);
    }

    // A request that lost the race to another one for the same attempt (a double click, or parallel guesses)
    // drops its own work and sends the browser to wherever the winner left the attempt.
    private async Task<FlowOutcome> SaveAsync(LoginAttempt attempt, FlowOutcome outcome, CancellationToken cancellationToken)
    {
        if (await _store.TryUpdateAsync(attempt, cancellationToken))
        {
            return outcome;
        }

        return await FollowWinnerAsync(attempt.SessionDataKey, cancellationToken);
    }

    private async Task<FlowOutcome> FollowWinnerAsync(string sessionDataKey, CancellationToken cancellationToken)
    {
        var winner = await _store.FindAsync(sessionDataKey, cancellationToken);
        if (winner is { Status: LoginAttemptStatus.Replaced, ReplacedBy: { } successor })
        {
            winner = await _store.FindAsync(successor, cancellationToken);
        }

        return winner switch
        {
            { Status: LoginAttemptStatus.Completed } => FlowOutcome.Complete(winner),
            { CurrentTemplate: { } template } => FlowOutcome.Page(template, winner.SessionDataKey, winner.CurrentQuery),
            _ => FlowOutcome.Error("session.expired"),
        };
    }

    // An audit event about this attempt's user and client.
    private static AuditEvent AttemptEvent(string type, LoginAttempt attempt, string? remoteAddress, string? detail) =>
        new(type)
        {
            UserId = attempt.UserId,
            Username = attempt.Username,
            ClientId = attempt.ClientId,
            RemoteAddress = remoteAddress,
            Detail = detail,
        };

    private AuthenticationStepContext CreateContext(LoginAttempt attempt, ResolvedOption option, string? remoteAddress) =>
        new()
        {
            SessionDataKey = attempt.SessionDataKey,
            ServiceProvider = attempt.ServiceProvider,
            StepNumber = attempt.StepIndex + 1,
            User = attempt.UserId is null ? null : new AuthenticatedUser { UserId = attempt.UserId, Username = attempt.Username ?? string.Empty },
            State = attempt.State,
            IdentityProvider = option.IdentityProvider,
            RemoteAddress = remoteAddress,
            HasOtherOptions = ServiceProviderOf(attempt)?.Steps[attempt.StepIndex].Options.Count > 1,
            LoginHint = LoginHintOf(attempt),
        };

    /// <summary>The longest <c>login_hint</c> handed to authenticators; a longer one is dropped.</summary>
    public const int MaxLoginHintLength = 256;

    private static string? LoginHintOf(LoginAttempt attempt) =>
        attempt.AuthorizeParameters.GetValueOrDefault("login_hint") is { Length: > 0 and <= MaxLoginHintLength } hint && !hint.Any(char.IsControl)
            ? hint
            : null;
}

/// <summary>One choice on the multi-option page.</summary>
/// <param name="Authenticator">The <c>authenticator</c> form value (authenticator id).</param>
/// <param name="Idp">The <c>idp</c> form value (identity provider name, or <c>LOCAL</c>).</param>
/// <param name="DisplayName">What the button says.</param>
public sealed record MultiOptionChoice(string Authenticator, string Idp, string DisplayName);

/// <summary>The multi-option page's model.</summary>
/// <param name="Options">The step's options.</param>
/// <param name="ErrorKey">Why the driver is back here (a failure key the template translates), or null.</param>
public sealed record MultiOptionModel(IReadOnlyList<MultiOptionChoice> Options, string? ErrorKey);
