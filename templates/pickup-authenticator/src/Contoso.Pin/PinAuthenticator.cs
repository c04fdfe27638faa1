using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Credentials;
using Pickup.Abstractions.Pages;
using Pickup.Abstractions.Users;

namespace Contoso.Pin;

/// <summary>
/// Asks for the PIN an administrator gave the user (<c>pickup users contoso-pin-set NAME</c>) and checks it against
/// the hash in the engine's credential store. A wrong PIN counts towards the account's lock-out. Per request.
/// </summary>
internal sealed class PinAuthenticator(IUserDirectory users, ICredentialStore credentials) : IAuthenticator
{
    public async Task<AuthenticatorResult> InitiateAsync(AuthenticationStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User is null)
        {
            return AuthenticatorResult.Fail(PinNames.ErrorTemplate, PinNames.NoUserKey);
        }

        if (await users.IsLockedAsync(context.User.UserId, cancellationToken))
        {
            return AuthenticatorResult.Fail(PinNames.ErrorTemplate, PinNames.LockedKey);
        }

        var pins = await credentials.ListAsync(context.User.UserId, PinNames.CredentialType, cancellationToken);
        return pins.Count == 0
            ? AuthenticatorResult.Fail(PinNames.ErrorTemplate, PinNames.NoPinKey)
            : AuthenticatorResult.ShowPage(PinNames.Template);
    }

    public async Task<AuthenticatorResult> ProcessAsync(
        AuthenticationStepContext context,
        IReadOnlyDictionary<string, string> form,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(form);
        if (context.User is null)
        {
            return AuthenticatorResult.Fail(PinNames.ErrorTemplate, PinNames.NoUserKey);
        }

        var userId = context.User.UserId;
        if (await users.IsLockedAsync(userId, cancellationToken))
        {
            return AuthenticatorResult.Fail(PinNames.ErrorTemplate, PinNames.LockedKey);
        }

        var typed = form.GetValueOrDefault(PinNames.PinField)?.Trim() ?? string.Empty;
        if (typed.Length == 0)
        {
            // Nothing typed is not a guess: ask again without counting it.
            return AuthenticatorResult.Retry(PinNames.Template, PinNames.MismatchKey);
        }

        var match = typed.Length <= PinNames.MaxPinLength
            ? await credentials.FindBySecretAsync(userId, PinNames.CredentialType, typed, cancellationToken)
            : null;
        if (match is null)
        {
            var locked = await users.RecordFailedAttemptAsync(userId, PinNames.FailureLabel, cancellationToken);
            return locked
                ? AuthenticatorResult.Fail(PinNames.ErrorTemplate, PinNames.LockedKey)
                : AuthenticatorResult.Retry(PinNames.Template, PinNames.MismatchKey);
        }

        // The PIN is reusable, so losing a race with another use of it changes nothing: the time is recorded either way.
        await credentials.RecordUseAsync(match.Id, match.Version, null, cancellationToken);
        await users.ResetFailedAttemptsAsync(userId, cancellationToken);
        return AuthenticatorResult.Success();
    }

    public Task<PageView?> RenderPageAsync(AuthenticationStepContext context, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.Template != PinNames.Template)
        {
            return Task.FromResult<PageView?>(null);
        }

        // Only this page's own failure is shown; any other key in the URL is ignored.
        var failed = page.Query.GetValueOrDefault("authFailureMsg") == PinNames.MismatchKey;
        return Task.FromResult<PageView?>(new PageView(PinNames.Template, new PinPageModel(failed, context?.User?.Username ?? string.Empty)));
    }
}
