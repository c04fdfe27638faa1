using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Pickup.Samples.PickupDispatch.Authentication;

namespace Pickup.Samples.PickupDispatch.Pages;

/// <summary>
/// Starts the OpenID Connect login. It reads the engine's discovery document first, so an
/// unreachable engine gives the driver a sentence instead of an exception page.
/// </summary>
public sealed class LoginModel(IOptionsMonitor<OpenIdConnectOptions> oidcOptions, ILogger<LoginModel> logger) : PageModel
{
    /// <summary>The engine's address, shown when it cannot be reached.</summary>
    public string? Authority { get; private set; }

    /// <summary>Challenges the engine, or shows why it cannot.</summary>
    public async Task<IActionResult> OnGetAsync(string? returnUrl, CancellationToken cancellationToken)
    {
        var target = returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : Url.Content("~/");
        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect(target);
        }

        var options = oidcOptions.Get(AuthSchemes.Oidc);
        try
        {
            // The handler reuses this cached document for the challenge below.
            if (options.ConfigurationManager is { } configurationManager)
            {
                await configurationManager.GetConfigurationAsync(cancellationToken);
            }
        }
        catch (InvalidOperationException ex)
        {
            // IdentityModel reports every retrieval or parsing failure as InvalidOperationException;
            // its message repeats the whole inner stack trace, so the warning keeps only the cause.
            logger.LogWarning(
                "Cannot read the OpenID Connect discovery document of {Authority}: {Reason}",
                options.Authority,
                ex.GetBaseException().Message);
            logger.LogDebug(ex, "Discovery failure details");
            Authority = options.Authority;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }

        return Challenge(new AuthenticationProperties { RedirectUri = target }, AuthSchemes.Oidc);
    }
}
