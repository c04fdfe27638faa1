using Pickup.Samples.PickupDispatch.SignOuts;

namespace Pickup.Samples.PickupDispatch.Authentication;

/// <summary>
/// <c>POST /backchannel-logout</c>: the engine posts <c>logout_token=…</c> here when a driver's single sign-on session
/// ends (OpenID Connect Back-Channel Logout 1.0 §2.5). A valid token ends the matching sessions of this app; the answer
/// is 200, or 400 with an OAuth error JSON. No anti-forgery token: the engine calls it, not a browser.
/// </summary>
internal static class BackChannelLogoutEndpoint
{
    /// <summary>The path, under the app's path base.</summary>
    public const string Path = "/backchannel-logout";

    // A logout token is a few hundred bytes; anything far larger is not one.
    private const int MaxTokenLength = 16 * 1024;

    public static void MapBackChannelLogout(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, HandleAsync).DisableAntiforgery();

    private static async Task<IResult> HandleAsync(
        HttpContext http,
        LogoutTokenValidator validator,
        EndedSessions endedSessions,
        ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        var logger = logs.CreateLogger(typeof(BackChannelLogoutEndpoint).FullName!);
        http.Response.Headers.CacheControl = "no-store";
        if (!http.Request.HasFormContentType)
        {
            return Refuse(logger, "the request is not a form post");
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        if (!form.TryGetValue("logout_token", out var values) || values.Count != 1 || values[0] is not { Length: > 0 and <= MaxTokenLength } token)
        {
            return Refuse(logger, "the form has no single logout_token");
        }

        var (request, error) = await validator.ValidateAsync(token, cancellationToken);
        if (request is null)
        {
            return Refuse(logger, error!);
        }

        if (!await endedSessions.TryUseTokenAsync(request.TokenId, request.ExpiresAt, cancellationToken))
        {
            return Refuse(logger, "the token was already used (jti)");
        }

        await endedSessions.EndAsync(request.SessionId, request.Subject, cancellationToken);
        logger.LogInformation(
            "The engine ended a session ({Scope}); its sign-in here ends on its next request",
            request.SessionId is null ? "every earlier sign-in of its driver" : "sid " + request.SessionId);
        return Results.Ok();
    }

    private static IResult Refuse(ILogger logger, string reason)
    {
        logger.LogWarning("Back-channel logout refused: {Reason}", reason);
        return Results.Json(new Dictionary<string, string> { ["error"] = "invalid_request", ["error_description"] = reason }, statusCode: StatusCodes.Status400BadRequest);
    }
}
