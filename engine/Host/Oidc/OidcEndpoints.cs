using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Pickup.Abstractions.Limits;
using Pickup.Abstractions.Users;
using Pickup.Core.Configuration;
using Pickup.Core.Flow;
using Pickup.Core.Limits;
using Pickup.Data.Users;
using Pickup.Host.Http;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Pickup.Host.Oidc;

/// <summary>The pass-through endpoints of the OpenID Connect server: authorize, userinfo, end-session.</summary>
internal static class OidcEndpoints
{
    /// <summary>The ID token claim naming the single sign-on session (OpenID Connect Front/Back-Channel Logout).</summary>
    public const string SessionIdClaim = "sid";

    // What an attempt keeps of its authorization request is bounded: a real request has about ten short parameters.
    private const int MaxAuthorizeParameters = 30;
    private const int MaxAuthorizeParameterLength = 2048;
    private const int MaxAuthorizeParametersTotal = 8192;

    public static IEndpointRouteBuilder MapOidcEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(OidcServiceCollectionExtensions.AuthorizationPath, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync)
            .DisableAntiforgery();
        endpoints.MapMethods(OidcServiceCollectionExtensions.UserInfoPath, [HttpMethods.Get, HttpMethods.Post], UserInfoAsync)
            .DisableAntiforgery();
        endpoints.MapMethods(OidcServiceCollectionExtensions.EndSessionPath, [HttpMethods.Get, HttpMethods.Post], EndSessionAsync)
            .DisableAntiforgery();

        // Browsers come to these two: any other method gets the engine's page rather than the framework's empty 405.
        foreach (var path in (string[])[OidcServiceCollectionExtensions.AuthorizationPath, OidcServiceCollectionExtensions.EndSessionPath])
        {
            endpoints.Map(path, (HttpContext http, PageResults pages) => pages.MethodNotAllowed(http, "GET, POST"))
                .DisableAntiforgery().WithOrder(1000);
        }

        return endpoints;
    }

    private static async Task<IResult> AuthorizeAsync(
        HttpContext http,
        LoginFlow flow,
        AuthenticatorRegistry registry,
        IUserDirectory directory,
        PageResults pages,
        TimeProvider time,
        LoginLimitsOptions limits,
        IWindowCounter counter)
    {
        if (http.GetOpenIddictServerResponse() is { Error: not null } refused)
        {
            // Errors OpenIddict cannot send back to a trusted redirect_uri: shown here, never redirected.
            return pages.Refused(http, refused.ErrorDescription);
        }

        var request = http.GetOpenIddictServerRequest();
        if (request?.ClientId is not { } clientId || registry.FindByClientId(clientId) is not { } serviceProvider)
        {
            return pages.Error(http, "client.invalid");
        }

        var sessions = http.RequestServices.GetRequiredService<SingleSignOn>();
        var sessionDataKey = (string?)request["sessionDataKey"];
        if (sessionDataKey is null)
        {
            var grant = await SingleSignOnGrantAsync(http, request, sessions, time);
            if (request.HasPromptValue(PromptValues.None)
                && (grant is null || !flow.CoversEveryStep(serviceProvider, grant.ProvenAuthenticators)))
            {
                // No page may be shown: without a session that covers every step, the client hears so at once.
                return Forbid(Errors.LoginRequired, "The user must sign in.");
            }

            if (await LoginRateLimiting.RefuseAuthorizeAsync(http, limits, counter, pages) is { } tooMany)
            {
                return tooMany;
            }

            var parameters = request.GetParameters()
                .Where(p => p.Key != "sessionDataKey" && (string?)p.Value is not null)
                .ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.Ordinal);
            if (parameters.Count > MaxAuthorizeParameters
                || parameters.Any(p => p.Key.Length + p.Value.Length > MaxAuthorizeParameterLength)
                || parameters.Sum(p => p.Key.Length + p.Value.Length) > MaxAuthorizeParametersTotal)
            {
                return pages.Error(http, "authorize.too.large");
            }

            var browser = BrowserCookie.Ensure(http);
            FlowOutcome outcome;
            try
            {
                outcome = await flow.StartAsync(serviceProvider, parameters, browser, grant, http.RequestServices, ClientAddress.Of(http), http.RequestAborted);
            }
            catch (LoginAttemptStoreFullException)
            {
                // Every attempt in the store is in use: the drivers using them go on; this one comes back shortly.
                http.Response.Headers.RetryAfter = "60";
                return pages.Error(http, "service.unavailable", StatusCodes.Status503ServiceUnavailable);
            }

            return FlowRedirect.For(outcome);
        }

        // The resumed request must be the one stored at the start (the browser only carries it back): every
        // parameter but sessionDataKey, as the code goes to its redirect_uri and is bound to its code_challenge.
        var resumed = request.GetParameters()
            .Where(p => p.Key != "sessionDataKey")
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value))
            .ToList();
        var attempt = await flow.ConsumeCompletedAsync(sessionDataKey, BrowserCookie.Read(http), clientId, resumed, http.RequestAborted);
        if (attempt is null)
        {
            return pages.Error(http, "session.expired");
        }

        var user = await directory.FindByIdAsync(attempt.SubjectUserId!, http.RequestAborted);
        var subject = user is null ? null : ClaimMapper.Subject(user.Claims, user.Username, serviceProvider.SubjectClaimUri);
        if (user is null || string.IsNullOrEmpty(subject))
        {
            return pages.Error(http, "subject.missing");
        }

        var sso = await sessions.RecordAsync(http, attempt, clientId, subject);
        if (sso.Refused)
        {
            return pages.Error(http, "session.expired");
        }

        var identity = new ClaimsIdentity(
            OpenIddictServerAspNetCoreDefaults.AuthenticationScheme,
            Claims.Name,
            Claims.Role);
        identity.SetClaim(Claims.Subject, subject);
        identity.SetClaim(OidcServiceCollectionExtensions.UserIdClaim, user.Id);
        identity.SetClaim(Claims.AuthenticationTime, sso.AuthTime.ToUnixTimeSeconds());
        identity.SetClaims(Claims.AuthenticationMethodReference, [.. AuthenticationMethods(sso.Authenticators, registry)]);
        if (sso.Session is { } session)
        {
            identity.SetClaim(SessionIdClaim, session.Id);
        }

        var scopes = request.GetScopes();
        identity.SetScopes(scopes);
        foreach (var (type, value) in ClaimMapper.Map(user.Claims, user.Username, scopes, http.RequestServices.GetRequiredService<UniqueClaims>().Rules))
        {
            identity.SetClaim(type, value);
        }

        identity.SetDestinations(claim => claim.Type switch
        {
            OidcServiceCollectionExtensions.UserIdClaim => [Destinations.AccessToken],
            Claims.Subject => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.AuthenticationTime or Claims.AuthenticationMethodReference or SessionIdClaim => [Destinations.IdentityToken],
            _ => [Destinations.AccessToken, Destinations.IdentityToken],
        });
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    // The browser's session, unless the request asks for the steps again: prompt=login, or max_age shorter than the
    // time since the session's user last actively authenticated (max_age=0 always). A forced login still records
    // into the same session when the same user signs in.
    private static async Task<SsoGrant?> SingleSignOnGrantAsync(HttpContext http, OpenIddictRequest request, SingleSignOn sessions, TimeProvider time)
    {
        if (!sessions.Enabled || await sessions.FindUsableAsync(http) is not ({ } session, { } username))
        {
            return null;
        }

        if (request.HasPromptValue(PromptValues.Login)
            || (request.MaxAge is { } maxAge && (maxAge <= 0 || (time.GetUtcNow() - session.AuthTime).TotalSeconds > maxAge)))
        {
            return null;
        }

        return SingleSignOn.Grant(session, username);
    }

    private static async Task<IResult> UserInfoAsync(HttpContext http, IUserDirectory directory, IOpenIddictAuthorizationManager authorizations)
    {
        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var principal = result.Principal;
        var userId = principal?.GetClaim(OidcServiceCollectionExtensions.UserIdClaim);
        var user = userId is null ? null : await directory.FindByIdAsync(userId, http.RequestAborted);
        if (principal is null || user is null || !await IsFamilyValidAsync(principal, authorizations, http.RequestAborted))
        {
            return Results.Challenge(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The access token is no longer valid.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [Claims.Subject] = principal.GetClaim(Claims.Subject)!,
        };
        foreach (var (type, value) in ClaimMapper.Map(user.Claims, user.Username, principal.GetScopes(), http.RequestServices.GetRequiredService<UniqueClaims>().Rules))
        {
            claims[type] = value;
        }

        return Results.Ok(claims);
    }

    // Ends the browser's single sign-on session (its row and cookie; the store audits it and tells the back-channel
    // logout notifier), then OpenIddict validates the request (the post_logout_redirect_uri must be registered
    // exactly) and redirects there, or to our signed-out page.
    private static async Task<IResult> EndSessionAsync(HttpContext http, PageResults pages, SingleSignOn sessions)
    {
        if (http.GetOpenIddictServerResponse() is { Error: not null } refused)
        {
            return pages.Refused(http, refused.ErrorDescription);
        }

        await sessions.EndCurrentAsync(http, "logout");

        return Results.SignOut(
            new AuthenticationProperties { RedirectUri = "/authenticationendpoint/error?authFailureMsg=signed.out" },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    // Access tokens are not looked up in the database by OpenIddict: one whose family (authorization) was revoked, by
    // the revocation endpoint, a reused refresh token, or the user's deletion, lock-out or demotion, is refused here.
    private static async Task<bool> IsFamilyValidAsync(ClaimsPrincipal principal, IOpenIddictAuthorizationManager authorizations, CancellationToken cancellationToken)
    {
        if (principal.GetAuthorizationId() is not { Length: > 0 } id)
        {
            return true;
        }

        var authorization = await authorizations.FindByIdAsync(id, cancellationToken);
        return authorization is not null && await authorizations.HasStatusAsync(authorization, Statuses.Valid, cancellationToken);
    }

    private static IResult Forbid(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    // RFC 8176 values: what each factor proved, as its factory declares it.
    private static List<string> AuthenticationMethods(IReadOnlyCollection<string> authenticators, AuthenticatorRegistry registry)
    {
        var methods = authenticators
            .Select(id => registry.FindFactory(id)?.AuthenticationMethod ?? id)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (methods.Count > 1)
        {
            methods.Add("mfa");
        }

        return methods;
    }
}
