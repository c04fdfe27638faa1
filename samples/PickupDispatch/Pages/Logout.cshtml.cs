using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pickup.Samples.PickupDispatch.Authentication;

namespace Pickup.Samples.PickupDispatch.Pages;

/// <summary>
/// Logout: a GET shows a one-button form (a link alone must not sign anyone out); the POST,
/// anti-forgery checked, ends the app's session and the engine's (RP-initiated logout).
/// </summary>
public sealed class LogoutModel : PageModel
{
    /// <summary>Shows the confirmation form, or goes home when nobody is signed in.</summary>
    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true ? Page() : LocalRedirect(Url.Content("~/"));

    /// <summary>
    /// Signs out of the cookie, then of the engine; the handler adds the saved ID token as
    /// <c>id_token_hint</c> and our event sets the registered post-logout URI.
    /// </summary>
    public IActionResult OnPost()
    {
        var properties = new AuthenticationProperties { RedirectUri = Url.Content("~/") };
        return User.Identity?.IsAuthenticated == true
            ? SignOut(properties, AuthSchemes.Cookie, AuthSchemes.Oidc)
            : LocalRedirect(properties.RedirectUri);
    }
}
