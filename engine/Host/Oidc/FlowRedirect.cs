using Pickup.Core.Flow;
using Pickup.Host.Http;

namespace Pickup.Host.Oidc;

/// <summary>Turns a login flow's outcome into the browser's next request: the next page, or back to the authorization endpoint.</summary>
internal static class FlowRedirect
{
    /// <summary>303 to the outcome's page, or, once the flow is complete, to the authorization endpoint to finish the request.</summary>
    public static IResult For(FlowOutcome outcome) => outcome.Kind switch
    {
        FlowOutcomeKind.Completed => PageResults.SeeOther(ResumeAuthorization(outcome.Attempt!)),
        _ => PageResults.SeeOther(outcome.Location!),
    };

    // Back to the authorization endpoint with the original request, now carrying the finished attempt's key.
    private static string ResumeAuthorization(LoginAttempt attempt) =>
        OidcServiceCollectionExtensions.AuthorizationPath + "?"
        + string.Join("&", attempt.AuthorizeParameters
            .Append(KeyValuePair.Create("sessionDataKey", attempt.SessionDataKey))
            .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
}
