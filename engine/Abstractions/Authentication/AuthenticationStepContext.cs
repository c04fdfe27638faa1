namespace Pickup.Abstractions.Authentication;

/// <summary>
/// What an authenticator sees of one login attempt while its step runs.
/// </summary>
/// <remarks>
/// Created by the engine per request from the stored attempt (a test creates one with an object initializer, or the
/// test kit's step-context builder); changes to <see cref="State"/> are saved when the request ends. The attempt is
/// identified by <see cref="SessionDataKey"/>, an unguessable value.
/// </remarks>
public sealed class AuthenticationStepContext
{
    /// <summary>The id of the login attempt (hidden field <c>sessionDataKey</c> of every form).</summary>
    public required string SessionDataKey { get; init; }

    /// <summary>
    /// A short, non-reversible name of the attempt for log lines. Log this, never <see cref="SessionDataKey"/>:
    /// the key lets whoever holds it act on the attempt, and logs travel further than the browser.
    /// </summary>
    public string AttemptLogId => Convert.ToHexString(
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(SessionDataKey)), 0, 6).ToLowerInvariant();

    /// <summary>The service provider (application) the user is logging in to.</summary>
    public required string ServiceProvider { get; init; }

    /// <summary>1-based step number.</summary>
    public required int StepNumber { get; init; }

    /// <summary>The user identified by an earlier step, or null in the first step.</summary>
    public AuthenticatedUser? User { get; init; }

    /// <summary>This step's own values, kept between the requests of the attempt. Never shown to the user.</summary>
    public required IDictionary<string, string> State { get; init; }

    /// <summary>The identity provider, when the step option is <c>{ idp = "..." }</c>; null for a local authenticator.</summary>
    public IdentityProviderSettings? IdentityProvider { get; init; }

    /// <summary>
    /// True when the step offers other options than this one (the driver came through the multi-option page), so
    /// <see cref="AuthenticatorResult.ChooseAnotherOption"/> has somewhere to go.
    /// </summary>
    public bool HasOtherOptions { get; init; }

    /// <summary>The client's IP address as the engine sees it.</summary>
    public string? RemoteAddress { get; init; }

    /// <summary>
    /// The OpenID Connect <c>login_hint</c> of the authorization request (at most 256 characters, without control
    /// characters; null otherwise), for a page to pre-fill a username field. Typed by whoever built the link: only a
    /// hint, never a sign of who the user is.
    /// </summary>
    public string? LoginHint { get; init; }
}
