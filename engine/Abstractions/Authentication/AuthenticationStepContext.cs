namespace Pickup.Abstractions.Authentication;

/// <summary>
/// What an authenticator sees of one login attempt while its step runs.
/// </summary>
/// <remarks>
/// Created by the engine per request from the stored attempt; changes to <see cref="State"/> are saved when
/// the request ends. The attempt is identified by <see cref="SessionDataKey"/>, an unguessable value.
/// </remarks>
public sealed class AuthenticationStepContext
{
    /// <summary>Creates a context (the engine does this; tests may too).</summary>
    public AuthenticationStepContext(
        string sessionDataKey,
        string serviceProvider,
        int stepNumber,
        AuthenticatedUser? user,
        IDictionary<string, string> state,
        IdentityProviderSettings? identityProvider,
        string? remoteAddress)
    {
        SessionDataKey = sessionDataKey;
        ServiceProvider = serviceProvider;
        StepNumber = stepNumber;
        User = user;
        State = state;
        IdentityProvider = identityProvider;
        RemoteAddress = remoteAddress;
    }

    /// <summary>The id of the login attempt (hidden field <c>sessionDataKey</c> of every form).</summary>
    public string SessionDataKey { get; }

    /// <summary>
    /// A short, non-reversible name of the attempt for log lines. Log this, never <see cref="SessionDataKey"/>:
    /// the key lets whoever holds it act on the attempt, and logs travel further than the browser.
    /// </summary>
    public string AttemptLogId => Convert.ToHexString(
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(SessionDataKey)), 0, 6).ToLowerInvariant();

    /// <summary>The service provider (application) the user is logging in to.</summary>
    public string ServiceProvider { get; }

    /// <summary>1-based step number.</summary>
    public int StepNumber { get; }

    /// <summary>The user identified by an earlier step, or null in the first step.</summary>
    public AuthenticatedUser? User { get; }

    /// <summary>This step's own values, kept between the requests of the attempt. Never shown to the user.</summary>
    public IDictionary<string, string> State { get; }

    /// <summary>The identity provider, when the step option is <c>{ idp = "..." }</c>; null for a local authenticator.</summary>
    public IdentityProviderSettings? IdentityProvider { get; }

    /// <summary>
    /// True when the step offers other options than this one (the driver came through the multi-option page), so
    /// <see cref="AuthenticatorResult.ChooseAnotherOption"/> has somewhere to go.
    /// </summary>
    public bool HasOtherOptions { get; init; }

    /// <summary>The client's IP address as the engine sees it.</summary>
    public string? RemoteAddress { get; }
}
