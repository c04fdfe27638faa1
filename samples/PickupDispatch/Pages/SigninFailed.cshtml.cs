using Microsoft.AspNetCore.Mvc.RazorPages;
using Pickup.Samples.PickupDispatch.Authentication;

namespace Pickup.Samples.PickupDispatch.Pages;

/// <summary>Where a failed or refused sign-in lands, with a sentence instead of an exception.</summary>
public sealed class SigninFailedModel : PageModel
{
    /// <summary>The sentence for the driver.</summary>
    public string Message { get; private set; } = SigninErrors.Default;

    /// <summary>Shows the page for the OAuth error code the handler passed on, if any.</summary>
    public void OnGet(string? error) => Message = SigninErrors.Describe(error);
}
