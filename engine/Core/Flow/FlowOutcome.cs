namespace Pickup.Core.Flow;

/// <summary>What the host must do after the flow handled a request.</summary>
public enum FlowOutcomeKind
{
    /// <summary>Redirect (303) to <see cref="FlowOutcome.Location"/>: a page of the attempt, or an error page.</summary>
    Redirect,

    /// <summary>Every step succeeded: resume the authorization request of <see cref="FlowOutcome.Attempt"/>.</summary>
    Completed,
}

/// <summary>The result of a flow operation. Per request.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Location">For <see cref="FlowOutcomeKind.Redirect"/>: a path with query, relative to the server root.</param>
/// <param name="Attempt">For <see cref="FlowOutcomeKind.Completed"/>: the finished attempt.</param>
public sealed record FlowOutcome(FlowOutcomeKind Kind, string? Location, LoginAttempt? Attempt)
{
    /// <summary>The engine's own error page for problems that have no attempt to show them in.</summary>
    public const string ErrorTemplate = "authenticationendpoint/error";

    /// <summary>The page where a driver picks one of a step's options.</summary>
    public const string MultiOptionTemplate = "authenticationendpoint/multi-option";

    /// <summary>Redirect to a page of an attempt.</summary>
    public static FlowOutcome Page(string template, string sessionDataKey, IReadOnlyDictionary<string, string> query)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("sessionDataKey", sessionDataKey) };
        parameters.AddRange(query.Where(p => p.Key != "sessionDataKey"));
        return new FlowOutcome(FlowOutcomeKind.Redirect, BuildPath(template, parameters), null);
    }

    /// <summary>Redirect to the engine's error page with a failure key.</summary>
    public static FlowOutcome Error(string failureKey) =>
        new(FlowOutcomeKind.Redirect, BuildPath(ErrorTemplate, [new("authFailure", "true"), new("authFailureMsg", failureKey)]), null);

    /// <summary>The attempt is complete.</summary>
    public static FlowOutcome Complete(LoginAttempt attempt) => new(FlowOutcomeKind.Completed, null, attempt);

    private static string BuildPath(string template, IEnumerable<KeyValuePair<string, string>> parameters) =>
        "/" + template + "?" + string.Join("&", parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
}
