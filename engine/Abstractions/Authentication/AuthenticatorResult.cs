namespace Pickup.Abstractions.Authentication;

/// <summary>What an authenticator decided. Always explicit: show a page, succeed, or fail.</summary>
public enum AuthenticatorResultKind
{
    /// <summary>Redirect the browser to one of the authenticator's pages (the challenge, or a retry).</summary>
    ShowPage,

    /// <summary>The step is satisfied.</summary>
    Succeeded,

    /// <summary>The attempt ends; the browser is redirected to an error page with a reason key.</summary>
    Failed,

    /// <summary>Back to the step's multi-option page, with a reason key, to pick another option.</summary>
    ChooseAnotherOption,
}

/// <summary>The outcome of <see cref="IAuthenticator.InitiateAsync"/> or <see cref="IAuthenticator.ProcessAsync"/>.</summary>
/// <remarks>Immutable; created per request.</remarks>
public sealed class AuthenticatorResult
{
    private AuthenticatorResult(
        AuthenticatorResultKind kind,
        string? template,
        IReadOnlyDictionary<string, string> query,
        AuthenticatedUser? user,
        string? failureKey,
        bool skipped = false)
    {
        Skipped = skipped;
        Kind = kind;
        Template = template;
        Query = query;
        User = user;
        FailureKey = failureKey;
    }

    /// <summary>What happened.</summary>
    public AuthenticatorResultKind Kind { get; }

    /// <summary>For <see cref="AuthenticatorResultKind.ShowPage"/> and <see cref="AuthenticatorResultKind.Failed"/>: the page's template path.</summary>
    public string? Template { get; }

    /// <summary>Extra query parameters for the page (the engine always adds <c>sessionDataKey</c>).</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    /// <summary>For <see cref="AuthenticatorResultKind.Succeeded"/>: the user this step identified, or null to keep the one identified earlier.</summary>
    public AuthenticatedUser? User { get; }

    /// <summary>For <see cref="AuthenticatorResultKind.Failed"/>: the <c>authFailureMsg</c> key.</summary>
    public string? FailureKey { get; }

    /// <summary>
    /// For <see cref="AuthenticatorResultKind.Succeeded"/>: the step was passed without this factor proving anything
    /// (<see cref="Skip"/>).
    /// </summary>
    public bool Skipped { get; }

    /// <summary>Redirect to a page of this authenticator.</summary>
    /// <param name="template">Template path, e.g. <c>authenticationendpoint/login</c>.</param>
    /// <param name="query">Extra query parameters, e.g. <c>authFailure=true</c>.</param>
    public static AuthenticatorResult ShowPage(string template, IReadOnlyDictionary<string, string>? query = null) =>
        new(AuthenticatorResultKind.ShowPage, template, query ?? new Dictionary<string, string>(), null, null);

    /// <summary>Redirect to a page of this authenticator telling why the last try failed; the step goes on.</summary>
    public static AuthenticatorResult Retry(string template, string failureKey) =>
        ShowPage(template, new Dictionary<string, string> { ["authFailure"] = "true", ["authFailureMsg"] = failureKey });

    /// <summary>The step succeeded.</summary>
    /// <param name="user">The user this step identified (first factor), or null when the user is already known.</param>
    public static AuthenticatorResult Success(AuthenticatedUser? user = null) =>
        new(AuthenticatorResultKind.Succeeded, null, new Dictionary<string, string>(), user, null);

    /// <summary>
    /// The step is passed without this factor proving anything, e.g. an optional factor the user has turned off or
    /// cannot use: the login goes on, but the identity token's <c>amr</c> does not claim the factor and no success event
    /// is audited for it.
    /// </summary>
    public static AuthenticatorResult Skip() =>
        new(AuthenticatorResultKind.Succeeded, null, new Dictionary<string, string>(), null, null, skipped: true);

    /// <summary>
    /// Sends the driver back to the step's multi-option page saying why (only meaningful when
    /// <see cref="AuthenticationStepContext.HasOtherOptions"/>; otherwise the engine treats it as
    /// <see cref="Fail"/> on <paramref name="errorTemplate"/>).
    /// </summary>
    public static AuthenticatorResult ChooseAnotherOption(string errorTemplate, string failureKey) =>
        new(
            AuthenticatorResultKind.ChooseAnotherOption,
            errorTemplate,
            new Dictionary<string, string> { ["authFailure"] = "true", ["authFailureMsg"] = failureKey },
            null,
            failureKey);

    /// <summary>The attempt fails for good; the browser goes to <paramref name="errorTemplate"/> with the key.</summary>
    public static AuthenticatorResult Fail(string errorTemplate, string failureKey) =>
        new(
            AuthenticatorResultKind.Failed,
            errorTemplate,
            new Dictionary<string, string> { ["authFailure"] = "true", ["authFailureMsg"] = failureKey },
            null,
            failureKey);
}
