using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pickup.Abstractions.Auditing;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Credentials;
using Pickup.Abstractions.Pages;
using Pickup.Abstractions.Users;
using Pickup.Plugins.Totp.Codes;
using Pickup.Plugins.Totp.Configuration;
using Pickup.Plugins.Totp.Enrollment;
using Pickup.Plugins.Totp.Pages;
using Pickup.Plugins.Totp.Steps;

namespace Pickup.Plugins.Totp;

/// <summary>
/// Per request: asks a user with an authenticator app for its code, or enrols one (QR code, then a first code), and
/// checks the code against the secret in the credential store. The decisions are listed in <c>plugins/Totp/README.md</c>.
/// </summary>
public sealed class TotpAuthenticator : IAuthenticator
{
    private readonly TotpOptions _options;
    private readonly byte[] _pendingKey;
    private readonly IUserDirectory _directory;
    private readonly TotpCredentials _credentials;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the authenticator for one request (the factory does this).</summary>
    /// <param name="requestServices">The request's services: the user directory, the credential store, the audit trail, the clock.</param>
    /// <param name="options">The settings read at start-up.</param>
    /// <param name="pendingKey">The key sealing a secret waiting for its first code.</param>
    public TotpAuthenticator(IServiceProvider requestServices, TotpOptions options, byte[] pendingKey)
    {
        ArgumentNullException.ThrowIfNull(requestServices);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pendingKey);
        _services = requestServices;
        _options = options;
        _pendingKey = pendingKey;
        _directory = requestServices.GetRequiredService<IUserDirectory>();
        _credentials = new TotpCredentials(requestServices.GetRequiredService<ICredentialStore>());
        _time = requestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = requestServices.GetService<ILogger<TotpAuthenticator>>() ?? NullLogger<TotpAuthenticator>.Instance;
    }

    /// <inheritdoc />
    public async Task<AuthenticatorResult> InitiateAsync(AuthenticationStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = new TotpState(context.State);
        state.Clear();
        var (user, refusal) = await FindUsableUserAsync(context, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        return await BeginAsync(context, state, user, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<AuthenticatorResult> ProcessAsync(
        AuthenticationStepContext context,
        IReadOnlyDictionary<string, string> form,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(form);
        var state = new TotpState(context.State);
        var phase = state.Phase;
        if (phase is not (TotpState.AwaitingCode or TotpState.AwaitingEnrollment))
        {
            // Nothing waits for a code: the step never started, or its code was used already.
            _logger.LogInformation("TOTP code posted for attempt {Attempt} with nothing waiting for one", context.AttemptLogId);
            return Fail(state, FailureKeys.Generic);
        }

        // Checked before the code, so a locked account learns nothing about its guesses.
        var (user, refusal) = await FindUsableUserAsync(context, cancellationToken);
        if (user is null)
        {
            state.Clear();
            return refusal!;
        }

        var page = phase == TotpState.AwaitingEnrollment ? TotpPages.EnrollPage : TotpPages.CodePage;
        var code = TotpCode.Canonical(form.GetValueOrDefault(TotpPages.CodeField));
        if (code.Length == 0)
        {
            return AuthenticatorResult.Retry(page, FailureKeys.CodeEmpty);
        }

        return phase == TotpState.AwaitingEnrollment
            ? await ConfirmEnrollmentAsync(context, state, user, code, cancellationToken)
            : await VerifyAsync(context, state, user, code, cancellationToken);
    }

    /// <inheritdoc />
    public Task<PageView?> RenderPageAsync(AuthenticationStepContext context, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(page);
        var error = FailureKeys.FromQuery(page.Query);
        PageView? view = page.Template switch
        {
            TotpPages.CodePage => new PageView(TotpPages.CodePage, new TotpCodePageModel(error, TotpCode.Digits)),
            TotpPages.ErrorPage => new PageView(TotpPages.ErrorPage, new TotpErrorPageModel(error ?? FailureKeys.Generic)),
            TotpPages.EnrollPage => EnrollPage(context, error),
            _ => null,
        };
        return Task.FromResult(view);
    }

    private PageView? EnrollPage(AuthenticationStepContext context, string? error)
    {
        // Only the attempt that made the secret can show it, and only while it waits for its first code.
        var state = new TotpState(context.State);
        if (context.User is not { } user || state.Phase != TotpState.AwaitingEnrollment
            || PendingSecret.Unseal(_pendingKey, state.SealedPendingSecret, context.SessionDataKey, user.UserId) is not { } secret)
        {
            return null;
        }

        var base32 = TotpSecret.ToBase32(secret);
        var svg = QrCodeSvg.Render(QrCodeSvg.KeyUri(secret, _options.Issuer, user.Username));
        return new PageView(
            TotpPages.EnrollPage,
            new TotpEnrollPageModel(error, svg, TotpSecret.Grouped(base32), _options.Issuer, user.Username, TotpCode.Digits));
    }

    private async Task<AuthenticatorResult> BeginAsync(
        AuthenticationStepContext context,
        TotpState state,
        DirectoryUser user,
        CancellationToken cancellationToken)
    {
        if (await _credentials.FindAsync(user.Id, cancellationToken) is not null)
        {
            state.Phase = TotpState.AwaitingCode;
            return AuthenticatorResult.ShowPage(TotpPages.CodePage);
        }

        if (!_options.AllowEnrollment)
        {
            _logger.LogInformation("{Username} has no authenticator app and enrolment is turned off", user.Username);
            state.Clear();
            return AuthenticatorResult.ChooseAnotherOption(TotpPages.ErrorPage, FailureKeys.NotEnrolled);
        }

        StartEnrollment(context, state, user);
        return AuthenticatorResult.ShowPage(TotpPages.EnrollPage);
    }

    private void StartEnrollment(AuthenticationStepContext context, TotpState state, DirectoryUser user)
    {
        state.Phase = TotpState.AwaitingEnrollment;
        state.SealedPendingSecret = PendingSecret.Seal(_pendingKey, TotpSecret.Create(), context.SessionDataKey, user.Id);
    }

    private async Task<AuthenticatorResult> VerifyAsync(
        AuthenticationStepContext context,
        TotpState state,
        DirectoryUser user,
        string code,
        CancellationToken cancellationToken)
    {
        var credential = await _credentials.FindAsync(user.Id, cancellationToken);
        var secret = credential is null ? null : await _credentials.RevealSecretAsync(credential, cancellationToken);
        if (credential is null || secret is null)
        {
            // Reset by an administrator while the page was open: start over (enrolment, if allowed).
            _logger.LogInformation("{Username}'s authenticator app was removed during the sign-in", user.Username);
            return await BeginAsync(context, state, user, cancellationToken);
        }

        if (TotpCode.Match(secret, code, _time.GetUtcNow()) is not { } step)
        {
            return await CountFailureAsync(context, user, TotpPages.CodePage, cancellationToken);
        }

        switch (await _credentials.ClaimStepAsync(credential, step, cancellationToken))
        {
            case StepClaim.Accepted:
                return await SucceedAsync(state, user, cancellationToken);
            case StepClaim.Gone:
                return await BeginAsync(context, state, user, cancellationToken);
            default:
                // Not counted as a guess: the code was right. Whoever replays a seen code gets nothing from it.
                _logger.LogWarning("{Username} typed a TOTP code already used (attempt {Attempt})", user.Username, context.AttemptLogId);
                return AuthenticatorResult.Retry(TotpPages.CodePage, FailureKeys.CodeUsed);
        }
    }

    private async Task<AuthenticatorResult> ConfirmEnrollmentAsync(
        AuthenticationStepContext context,
        TotpState state,
        DirectoryUser user,
        string code,
        CancellationToken cancellationToken)
    {
        if (await _credentials.FindAsync(user.Id, cancellationToken) is not null)
        {
            // Added in another tab meanwhile: the one stored first stays, and only its codes are accepted.
            state.SealedPendingSecret = null;
            state.Phase = TotpState.AwaitingCode;
            return AuthenticatorResult.Retry(TotpPages.CodePage, FailureKeys.AlreadyEnrolled);
        }

        var secret = PendingSecret.Unseal(_pendingKey, state.SealedPendingSecret, context.SessionDataKey, user.Id);
        if (secret is null)
        {
            _logger.LogWarning("The pending TOTP secret of attempt {Attempt} did not open; a new one is shown", context.AttemptLogId);
            StartEnrollment(context, state, user);
            return AuthenticatorResult.Retry(TotpPages.EnrollPage, FailureKeys.EnrollmentRestarted);
        }

        // A wrong first code is not counted towards the lock-out: the secret is on the screen, there is nothing to guess.
        if (TotpCode.Match(secret, code, _time.GetUtcNow()) is not { } step)
        {
            return AuthenticatorResult.Retry(TotpPages.EnrollPage, FailureKeys.CodeMismatch);
        }

        if (await _credentials.AddAsync(user.Id, secret, step, cancellationToken) is null)
        {
            state.SealedPendingSecret = null;
            state.Phase = TotpState.AwaitingCode;
            return AuthenticatorResult.Retry(TotpPages.CodePage, FailureKeys.AlreadyEnrolled);
        }

        _logger.LogInformation("{Username} added an authenticator app", user.Username);
        await _services.GetRequiredService<IAuditTrail>().WriteAsync(
            new AuditRecord(TotpPlugin.EnrolledEvent)
            {
                UserId = user.Id,
                Username = user.Username,
                ClientId = context.ServiceProvider,
                RemoteAddress = context.RemoteAddress,
                Detail = "authenticator app added at sign-in",
            },
            cancellationToken);
        return await SucceedAsync(state, user, cancellationToken);
    }

    private async Task<AuthenticatorResult> SucceedAsync(TotpState state, DirectoryUser user, CancellationToken cancellationToken)
    {
        state.Clear();
        await _directory.ResetFailedAttemptsAsync(user.Id, cancellationToken);
        _logger.LogInformation("TOTP code accepted for {Username}", user.Username);
        return AuthenticatorResult.Success();
    }

    private async Task<AuthenticatorResult> CountFailureAsync(
        AuthenticationStepContext context,
        DirectoryUser user,
        string page,
        CancellationToken cancellationToken)
    {
        if (await _directory.RecordFailedAttemptAsync(user.Id, TotpCredentials.Type, cancellationToken))
        {
            _logger.LogWarning("{Username}'s account was locked after too many wrong codes", user.Username);
            return Fail(new TotpState(context.State), FailureKeys.AccountLocked);
        }

        _logger.LogInformation("Wrong TOTP code for {Username} (attempt {Attempt})", user.Username, context.AttemptLogId);
        return AuthenticatorResult.Retry(page, FailureKeys.CodeMismatch);
    }

    // The user of the attempt, unless none was identified, they are gone from the store, or locked out (then the refusal).
    private async Task<(DirectoryUser? User, AuthenticatorResult? Refusal)> FindUsableUserAsync(
        AuthenticationStepContext context,
        CancellationToken cancellationToken)
    {
        var state = new TotpState(context.State);
        if (context.User is null)
        {
            _logger.LogError(
                "totp ran in step {Step} of '{ServiceProvider}' with no user identified: put a step that identifies the user (basic) before it",
                context.StepNumber,
                context.ServiceProvider);
            return (null, Fail(state, FailureKeys.UserNotFound));
        }

        var user = await _directory.FindByIdAsync(context.User.UserId, cancellationToken);
        if (user is null)
        {
            _logger.LogInformation("User {UserId} identified by an earlier step is not in the local store", context.User.UserId);
            return (null, Fail(state, FailureKeys.UserNotFound));
        }

        if (await _directory.IsLockedAsync(user.Id, cancellationToken))
        {
            _logger.LogInformation("{Username}'s account is locked: TOTP step refused", user.Username);
            return (null, Fail(state, FailureKeys.AccountLocked));
        }

        return (user, null);
    }

    private static AuthenticatorResult Fail(TotpState state, string failureKey)
    {
        state.Clear();
        return AuthenticatorResult.Fail(TotpPages.ErrorPage, failureKey);
    }
}
