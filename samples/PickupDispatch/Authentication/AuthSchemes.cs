using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Pickup.Samples.PickupDispatch.Authentication;

/// <summary>Names shared by the authentication setup and the pages.</summary>
internal static class AuthSchemes
{
    public const string Cookie = CookieAuthenticationDefaults.AuthenticationScheme;

    public const string Oidc = OpenIdConnectDefaults.AuthenticationScheme;

    /// <summary>The ID token claim that names the driver (their mobile number in the scenario).</summary>
    public const string SubjectClaim = "sub";

    /// <summary>Authentication-properties item holding the raw userinfo response, for the Profile page.</summary>
    public const string UserInfoItem = "pickup.userinfo";
}
