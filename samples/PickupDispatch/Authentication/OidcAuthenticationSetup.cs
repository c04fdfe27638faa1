using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Pickup.Samples.PickupDispatch.Configuration;

namespace Pickup.Samples.PickupDispatch.Authentication;

/// <summary>Cookie sign-in plus the standard OpenID Connect handler pointed at the engine.</summary>
internal static class OidcAuthenticationSetup
{
    // A hung engine should not keep a driver staring at a blank page for the default 60 s.
    private static readonly TimeSpan BackchannelTimeout = TimeSpan.FromSeconds(10);

    public static void AddPickupAuthentication(this IServiceCollection services, OidcSettings settings, AppSettings app)
    {
        var authority = ParseAuthority(settings.Authority);
        if (string.IsNullOrWhiteSpace(settings.ClientId))
        {
            throw new InvalidOperationException("Oidc:ClientId is empty; set it (Oidc__ClientId) to the client id the engine registers.");
        }

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = AuthSchemes.Cookie;
                // Challenges go through /login, which checks the engine is reachable first.
                options.DefaultChallengeScheme = AuthSchemes.Cookie;
            })
            .AddCookie(AuthSchemes.Cookie, options =>
            {
                options.LoginPath = "/login";
                options.Cookie.Name = app.CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.SlidingExpiration = true;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                // A session the engine ended through back-channel logout ends here on the next request.
                options.Events.OnValidatePrincipal = SessionCheck.ValidateAsync;
            })
            .AddOpenIdConnect(AuthSchemes.Oidc, options => ConfigureOidc(options, settings, authority, app));
        services.TryAddSingleton<LogoutTokenValidator>();
    }

    private static Uri ParseAuthority(string? value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var authority)
            || (authority.Scheme != Uri.UriSchemeHttp && authority.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException(
                $"Oidc:Authority must be an absolute http(s) URL such as http://localhost:9443/ (got '{value}').");
        }

        if (authority.Scheme == Uri.UriSchemeHttp && !authority.IsLoopback)
        {
            throw new InvalidOperationException(
                $"Oidc:Authority '{value}' uses plain http off loopback; tokens would cross the network in clear. Use https.");
        }

        return authority;
    }

    private static void ConfigureOidc(OpenIdConnectOptions options, OidcSettings settings, Uri authority, AppSettings app)
    {
        options.SignInScheme = AuthSchemes.Cookie;
        options.SignOutScheme = AuthSchemes.Cookie;
        options.Authority = authority.AbsoluteUri;
        options.RequireHttpsMetadata = authority.Scheme == Uri.UriSchemeHttps || !authority.IsLoopback;
        options.BackchannelTimeout = BackchannelTimeout;
        options.ClientId = settings.ClientId;
        if (!string.IsNullOrEmpty(settings.ClientSecret))
        {
            options.ClientSecret = settings.ClientSecret;
        }

        options.ResponseType = OpenIdConnectResponseType.Code;
        // A query-string callback is a top-level GET, so SameSite=Lax correlation and nonce cookies
        // come back with it; form_post would need SameSite=None, which browsers refuse without https.
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.UsePkce = true;
        options.Scope.Clear();
        options.Scope.Add("openid");
        options.Scope.Add("profile");
        options.Scope.Add("phone");
        options.SaveTokens = true;
        options.GetClaimsFromUserInfoEndpoint = true;
        options.MapInboundClaims = false;
        options.TokenValidationParameters.NameClaimType = AuthSchemes.SubjectClaim;
        options.ClaimActions.MapUniqueJsonKey("phone_number", "phone_number");
        options.ClaimActions.MapUniqueJsonKey("phone_number_verified", "phone_number_verified");
        options.CallbackPath = "/oauth2client";
        options.SignedOutRedirectUri = app.PathBase + "/";

        foreach (var cookie in new[] { options.CorrelationCookie, options.NonceCookie })
        {
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        }

        options.Events = new OpenIdConnectEvents
        {
            OnRedirectToIdentityProviderForSignOut = context =>
            {
                context.ProtocolMessage.PostLogoutRedirectUri = PostLogoutRedirectUri(context.Request, settings);
                return Task.CompletedTask;
            },
            OnUserInformationReceived = context =>
            {
                // Kept whole so the Profile page can show exactly what userinfo answered.
                if (context.Properties is { } properties)
                {
                    properties.Items[AuthSchemes.UserInfoItem] = context.User.RootElement.GetRawText();
                }

                return Task.CompletedTask;
            },
            OnTokenValidated = SessionCheck.StampSignInAsync,
            OnRemoteFailure = HandleRemoteFailureAsync,
        };
    }

    /// <summary>
    /// The engine matches post-logout URIs exactly and the service-provider file registers the
    /// app's root, so the handler's own signout-callback path is never sent.
    /// </summary>
    private static string PostLogoutRedirectUri(HttpRequest request, OidcSettings settings) =>
        string.IsNullOrWhiteSpace(settings.PostLogoutRedirectUri)
            ? $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}/"
            : settings.PostLogoutRedirectUri;

    private static Task HandleRemoteFailureAsync(RemoteFailureContext context)
    {
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>()
            .CreateLogger(typeof(OidcAuthenticationSetup).FullName!);
        logger.LogWarning(context.Failure, "Sign-in through the engine did not complete");

        // The handler stores the provider's error code in Data["error"]; only a plain token is
        // passed on, so the page never echoes provider-supplied text.
        var error = context.Failure?.Data["error"] as string;
        var target = context.Request.PathBase + "/signin-failed"
            + (SigninErrors.IsWellFormedCode(error) ? QueryString.Create("error", error!) : QueryString.Empty);
        context.Response.Redirect(target);
        context.HandleResponse();
        return Task.CompletedTask;
    }
}
