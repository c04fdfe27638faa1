using Pickup.Abstractions.Pages;

namespace Pickup.Abstractions.Authentication;

/// <summary>
/// One login factor, acting within one step of one login attempt.
/// </summary>
/// <remarks>
/// Lifetime: per request, created by its <see cref="IAuthenticatorFactory"/>. An authenticator never writes HTML
/// or touches the HTTP response: it returns an explicit <see cref="AuthenticatorResult"/> or a
/// <see cref="PageView"/>, and the engine redirects or renders. Everything it must remember between requests
/// goes into <see cref="AuthenticationStepContext.State"/>, which the engine persists with the attempt.
/// </remarks>
public interface IAuthenticator
{
    /// <summary>
    /// Starts the step: sends the challenge (for example a text message) and names the page to show.
    /// Called once when the step begins (or when the driver picks this option on the multi-option page).
    /// </summary>
    Task<AuthenticatorResult> InitiateAsync(AuthenticationStepContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Handles a form posted to <c>/commonauth</c> for this step. The engine has already checked the
    /// anti-forgery token and that the attempt is alive.
    /// </summary>
    /// <param name="context">The attempt.</param>
    /// <param name="form">The posted fields (first value of each), never null.</param>
    /// <param name="cancellationToken">Cancelled when the request is aborted.</param>
    Task<AuthenticatorResult> ProcessAsync(
        AuthenticationStepContext context,
        IReadOnlyDictionary<string, string> form,
        CancellationToken cancellationToken);

    /// <summary>
    /// Builds the model of one of this authenticator's pages for a GET, or returns null when
    /// <see cref="PageRequest.Template"/> is not one of its pages (the engine answers 404).
    /// </summary>
    Task<PageView?> RenderPageAsync(AuthenticationStepContext context, PageRequest page, CancellationToken cancellationToken);
}
