using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Pages;
using Pickup.Abstractions.Sms;
using Pickup.Abstractions.Users;
using Pickup.Plugins.SmsOtp.Codes;
using Pickup.Plugins.SmsOtp.Configuration;
using Pickup.Plugins.SmsOtp.Pages;

namespace Pickup.Plugins.SmsOtp;

/// <summary>Per request: sends the code, checks it, resends it, and captures a missing mobile number.</summary>
public sealed class SmsOtpAuthenticator : IAuthenticator
{
    /// <summary>Form field: the code.</summary>
    public const string CodeField = "OTPcode";

    /// <summary>Form field: "true" asks for a new code.</summary>
    public const string ResendField = "resendCode";

    /// <summary>Form field of the mobile number page.</summary>
    public const string MobileNumberField = "MOBILE_NUMBER";

    private readonly IServiceProvider _requestServices;
    private readonly SmsOtpOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CodeDelivery _delivery;

    /// <summary>Creates the authenticator for one request (the factory does this).</summary>
    public SmsOtpAuthenticator(IServiceProvider requestServices, SmsOtpOptions options, IReadOnlyList<ISmsSender> senders)
    {
        ArgumentNullException.ThrowIfNull(requestServices);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(senders);
        _requestServices = requestServices;
        _options = options;
        _time = requestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = requestServices.GetService<ILogger<SmsOtpAuthenticator>>() ?? NullLogger<SmsOtpAuthenticator>.Instance;
        _delivery = new CodeDelivery(options, senders, _time, _logger);
    }

    /// <inheritdoc />
    public async Task<AuthenticatorResult> InitiateAsync(AuthenticationStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = new SmsOtpState(context.State);
        var user = await FindUserAsync(context, cancellationToken);
        if (user is null)
        {
            return Fail(state, FailureKeys.UserNotFound);
        }

        if (_options.EnableByUserClaim
            && user.Claims.TryGetValue(ClaimUris.SmsOtpDisabled, out var disabled)
            && string.Equals(disabled.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            if (_options.Mandatory)
            {
                _logger.LogInformation("{Username} turned SMS OTP off, but it is mandatory: sign-in refused", user.Username);
                return Fail(state, FailureKeys.SmsOtpDisabled);
            }

            _logger.LogInformation("{Username} turned SMS OTP off: step skipped", user.Username);
            state.Phase = SmsOtpState.Done;
            return AuthenticatorResult.Success();
        }

        var number = MobileNumberOf(user);
        if (number is null)
        {
            if (_options.CaptureAndUpdateMobileNumber)
            {
                state.Phase = SmsOtpState.AwaitingMobile;
                return AuthenticatorResult.ShowPage(_options.MobilePage);
            }

            _logger.LogInformation("{Username} has no usable mobile number and capturing one is off", user.Username);
            return Fail(state, FailureKeys.MobileNumberNotFound);
        }

        // Starting the step again (the driver went back and picked SMS again) within the cool-down keeps the code
        // already on its way rather than sending another text.
        if (state.Phase == SmsOtpState.AwaitingCode && state.HasCode && CooldownRemaining(state) > TimeSpan.Zero)
        {
            return AuthenticatorResult.ShowPage(_options.CodePage);
        }

        return await SendCodeAsync(context, state, number, resent: false, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<AuthenticatorResult> ProcessAsync(
        AuthenticationStepContext context,
        IReadOnlyDictionary<string, string> form,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(form);
        var state = new SmsOtpState(context.State);
        switch (state.Phase)
        {
            case SmsOtpState.AwaitingMobile:
                return await CaptureMobileNumberAsync(context, state, form.GetValueOrDefault(MobileNumberField), cancellationToken);
            case SmsOtpState.AwaitingCode:
                return string.Equals(form.GetValueOrDefault(ResendField), "true", StringComparison.OrdinalIgnoreCase)
                    ? await ResendAsync(context, state, cancellationToken)
                    : CheckCode(state, form.GetValueOrDefault(CodeField));
            default:
                // Nothing is waiting for a code: the step was never started, or its code was already used.
                _logger.LogInformation("Code posted for attempt {Attempt} with no code waiting", context.AttemptLogId);
                return Fail(state, FailureKeys.CodeMismatch);
        }
    }

    /// <inheritdoc />
    public Task<PageView?> RenderPageAsync(AuthenticationStepContext context, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(page);
        var pages = new SmsOtpPages(_options, _time);
        return Task.FromResult(pages.Build(new SmsOtpState(context.State), page));
    }

    private AuthenticatorResult CheckCode(SmsOtpState state, string? typed)
    {
        // Phones and people put spaces in codes ("482 913"); they are not part of it.
        var submitted = string.Concat((typed ?? string.Empty).Where(c => !char.IsWhiteSpace(c)));
        if (submitted.Length == 0)
        {
            return AuthenticatorResult.Retry(_options.CodePage, FailureKeys.CodeEmpty);
        }

        if (!state.TryGetCode(out var hash, out var salt))
        {
            return CodeProblem(state, FailureKeys.CodeMismatch);
        }

        if (state.ExpiresAt is not { } expiresAt || _time.GetUtcNow() >= expiresAt)
        {
            state.ClearCode();
            return CodeProblem(state, FailureKeys.TokenExpired);
        }

        if (OneTimeCode.Matches(submitted, salt, hash))
        {
            state.ClearCode();
            state.Phase = SmsOtpState.Done;
            return AuthenticatorResult.Success();
        }

        var attempts = state.Attempts + 1;
        state.Attempts = attempts;
        if (attempts >= _options.MaxAttemptsPerCode)
        {
            // Too many guesses at this code: it dies, and only a new code (a resend) can finish the step.
            _logger.LogInformation("Code killed after {Attempts} wrong tries", attempts);
            state.ClearCode();
        }

        return CodeProblem(state, FailureKeys.CodeMismatch);
    }

    private async Task<AuthenticatorResult> ResendAsync(AuthenticationStepContext context, SmsOtpState state, CancellationToken cancellationToken)
    {
        if (!_options.ResendEnable)
        {
            // The page shows no resend button in this configuration, so this post was made by hand; the code stays.
            _logger.LogWarning("Resend asked for attempt {Attempt} although ResendEnable = false", context.AttemptLogId);
            return AuthenticatorResult.Retry(_options.CodePage, FailureKeys.ResendDisabled);
        }

        if (state.ResendCount >= _options.MaxResends)
        {
            _logger.LogInformation("Resend refused for attempt {Attempt}: {MaxResends} resends used", context.AttemptLogId, _options.MaxResends);
            return Fail(state, FailureKeys.ResendCountExceeded);
        }

        if (CooldownRemaining(state) > TimeSpan.Zero)
        {
            return AuthenticatorResult.Retry(_options.CodePage, FailureKeys.ResendTooSoon);
        }

        var user = await FindUserAsync(context, cancellationToken);
        if (user is null)
        {
            return Fail(state, FailureKeys.UserNotFound);
        }

        var number = MobileNumberOf(user);
        if (number is null)
        {
            return Fail(state, FailureKeys.MobileNumberNotFound);
        }

        state.ResendCount++;
        return await SendCodeAsync(context, state, number, resent: true, cancellationToken);
    }

    private async Task<AuthenticatorResult> CaptureMobileNumberAsync(
        AuthenticationStepContext context,
        SmsOtpState state,
        string? typed,
        CancellationToken cancellationToken)
    {
        var number = PhoneNumbers.Normalise(typed);
        if (number is null)
        {
            return AuthenticatorResult.Retry(_options.MobilePage, FailureKeys.MobileInvalid);
        }

        var user = await FindUserAsync(context, cancellationToken);
        if (user is null)
        {
            return Fail(state, FailureKeys.UserNotFound);
        }

        // Only a user without a number may set one here: otherwise anyone holding a password could redirect the codes.
        var existing = MobileNumberOf(user);
        if (existing is null)
        {
            var directory = _requestServices.GetRequiredService<IUserDirectory>();
            await directory.SetClaimAsync(user.Id, ClaimUris.Mobile, number, cancellationToken);
            _logger.LogInformation("{Username} added mobile number {Number}", user.Username, PhoneNumbers.Mask(number));
        }
        else
        {
            _logger.LogWarning("{Username} already has a mobile number; the typed one was not saved", user.Username);
            number = existing;
        }

        return await SendCodeAsync(context, state, number, resent: false, cancellationToken);
    }

    private async Task<AuthenticatorResult> SendCodeAsync(
        AuthenticationStepContext context,
        SmsOtpState state,
        string number,
        bool resent,
        CancellationToken cancellationToken)
    {
        if (!await _delivery.SendNewCodeAsync(context, state, number, cancellationToken))
        {
            return Fail(state, FailureKeys.UnableToSendCode);
        }

        return resent
            ? AuthenticatorResult.ShowPage(_options.CodePage, new Dictionary<string, string> { [SmsOtpPages.ResentQuery] = "true" })
            : AuthenticatorResult.ShowPage(_options.CodePage);
    }

    /// <summary>A wrong or expired code: try again on the code page when that can still lead somewhere, otherwise fail.</summary>
    private AuthenticatorResult CodeProblem(SmsOtpState state, string failureKey)
    {
        // With the code dead and no resend left, showing the code page again would be a dead end.
        var canContinue = state.HasCode || CanResend(state);
        return _options.RetryEnable && canContinue
            ? AuthenticatorResult.Retry(_options.CodePage, failureKey)
            : Fail(state, failureKey);
    }

    private AuthenticatorResult Fail(SmsOtpState state, string failureKey)
    {
        state.ClearCode();
        return AuthenticatorResult.Fail(_options.ErrorPage, failureKey);
    }

    private bool CanResend(SmsOtpState state) => _options.ResendEnable && state.ResendCount < _options.MaxResends;

    private TimeSpan CooldownRemaining(SmsOtpState state) =>
        SmsOtpPages.CooldownRemaining(state, _options, _time);

    private async Task<DirectoryUser?> FindUserAsync(AuthenticationStepContext context, CancellationToken cancellationToken)
    {
        if (context.User is null)
        {
            _logger.LogError(
                "sms_otp ran in step {Step} of '{ServiceProvider}' with no user identified: put a step that identifies the user (basic) before it",
                context.StepNumber,
                context.ServiceProvider);
            return null;
        }

        var directory = _requestServices.GetRequiredService<IUserDirectory>();
        var user = await directory.FindByIdAsync(context.User.UserId, cancellationToken);
        if (user is null)
        {
            _logger.LogWarning("User {UserId} identified by an earlier step no longer exists", context.User.UserId);
        }

        return user;
    }

    private string? MobileNumberOf(DirectoryUser user)
    {
        if (!user.Claims.TryGetValue(ClaimUris.Mobile, out var stored) || string.IsNullOrWhiteSpace(stored))
        {
            return null;
        }

        var number = PhoneNumbers.Normalise(stored);
        if (number is null)
        {
            _logger.LogWarning("{Username}'s stored mobile number is not 8 to 15 digits; treated as missing", user.Username);
        }

        return number;
    }
}
