using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Pickup.Samples.PickupDispatch.SignOuts;

namespace Pickup.Samples.PickupDispatch.Authentication;

/// <summary>
/// Makes the sign-in cookie checkable against the sessions the engine ended: the sign-in time goes into the cookie
/// (beside the ID token's <c>sub</c> and <c>sid</c>), and every request carrying the cookie asks
/// <see cref="EndedSessions"/> whether it still stands.
/// </summary>
internal static class SessionCheck
{
    /// <summary>The cookie's claim holding when the driver signed in here, in Unix milliseconds.</summary>
    public const string SignedInClaim = "pickup_dispatch_signed_in_ms";

    /// <summary>The ID token claim naming the engine's single sign-on session.</summary>
    public const string SessionIdClaim = "sid";

    /// <summary>At sign-in: stamps the time (sliding expiration renews the cookie's own issue time, so it cannot serve).</summary>
    public static Task StampSignInAsync(TokenValidatedContext context)
    {
        var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        if (context.Principal?.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim(SignedInClaim, time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
        }

        return Task.CompletedTask;
    }

    /// <summary>On every request with the cookie: an ended session is signed out here too.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal?.FindFirst(AuthSchemes.SubjectClaim)?.Value is not { } subject)
        {
            return;
        }

        // A cookie from before the stamp existed counts as signed in long ago: a logout of its driver ends it.
        var signedIn = long.TryParse(principal.FindFirst(SignedInClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.MinValue;
        var endedSessions = context.HttpContext.RequestServices.GetRequiredService<EndedSessions>();
        if (await endedSessions.IsEndedAsync(principal.FindFirst(SessionIdClaim)?.Value, subject, signedIn, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AuthSchemes.Cookie);
        }
    }
}
