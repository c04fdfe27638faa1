using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Pickup.Samples.PickupDispatch.Pages;

/// <summary>The production error page: a sentence and a request id to quote, never a stack trace.</summary>
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    /// <summary>The id to find this request in the logs.</summary>
    public string RequestId { get; private set; } = string.Empty;

    /// <summary>Shows the page (the exception handler re-executes GET or POST here).</summary>
    public void OnGet() => RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;

    /// <summary>Same as <see cref="OnGet"/>, for a failed form post.</summary>
    public void OnPost() => OnGet();
}
