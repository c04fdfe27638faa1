using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Credentials;
using Pickup.Abstractions.Pages;
using Pickup.Abstractions.Security;
using Pickup.Abstractions.Users;
using Pickup.Plugins.SmsOtp.Codes;
using Pickup.Plugins.SmsOtp.Configuration;
using Pickup.Plugins.SmsOtp.Pages;
using Pickup.Plugins.SmsOtp.Phones;
using Pickup.Plugins.SmsOtp.Steps;
using Pickup.Sms.Contracts;

namespace Pickup.Plugins.SmsOtp;

/// <summary>
/// Per request: decides what the user's situation calls for (code, mobile page, skip or failure), sends the code,
/// checks it, resends it, and takes a typed mobile number. The decisions are listed in <c>plugins/SmsOtp/README.md</c>.
/// </summary>
public sealed class SmsOtpAuthenticator : IAuthenticator
{
    /// <summary>Form field: the code (or a backup code).</summary>
    public const string CodeField = "OTPcode";

    /// <summary>Form field: "true" asks for a new code.</summary>
    public const string ResendField = "resendCode";

    /// <summary>Form field of the mobile number page.</summary>
    public const string MobileNumberField = "MOBILE_NUMBER";

    private readonly SmsOtpOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CodeDelivery _delivery;
    private readonly StepUsers _users;
    private readonly ICredentialStore _credentials;
    private readonly byte[] _codeKey;

    /// <summary>Creates the authenticator for one request (the factory does this).</summary>
    public SmsOtpAuthenticator(IServiceProvider requestServices, SmsOtpOptions options, IReadOnlyList<ISmsSender> senders)
    {
        ArgumentNullException.ThrowIfNull(requestServices);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(senders);
        _options = options;
        _time = requestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = requestServices.GetService<ILogger<SmsOtpAuthenticator>>() ?? NullLogger<SmsOtpAuthenticator>.Instance;
        _codeKey = OneTimeCode.Key(requestServices.GetRequiredService<IServerSecrets>());
        _delivery = new CodeDelivery(options, senders, _time, _logger, _codeKey);
        _users = new StepUsers(requestServices.GetRequiredService<IUserDirectory>(), _logger);
        _credentials = requestServices.GetRequiredService<ICredentialStore>();
    }

    /// <inheritdoc />
    public async Task<AuthenticatorResult> InitiateAsync(AuthenticationStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = new SmsOtpState(context.State);
        var outcomes = new StepOutcomes(_options, context, state);
        if (context.User is null)
        {
            _logger.LogError(
                "sms_otp ran in step {Step} of '{ServiceProvider}' with no user identified: put a step that identifies the user (basic) before it",
                context.StepNumber,
                context.ServiceProvider);
            return outcomes.Fail(FailureKeys.UserNotFound);
        }

        var user = await _users.FindAsync(context, cancellationToken);
        if (user is null)
        {
            if (_options.SendOtpDirectlyToMobile && _options.Mandatory)
            {
                state.Direct = true;
                state.Phase = SmsOtpState.AwaitingMobile;
                return outcomes.MobilePage();
            }

            return outcomes.Fail(FailureKeys.UserNotFound);
        }

        // Before anything that could skip the step: a locked account never passes.
        if (await _users.Directory.IsLockedAsync(user.Id, cancellationToken))
        {
            _logger.LogInformation("{Username}'s account is locked: SMS step refused", user.Username);
            return outcomes.Fail(FailureKeys.AccountLocked);
        }

        if (_options.EnableByUserClaim && StepUsers.HasTurnedSmsOtpOff(user))
        {
            if (_options.Mandatory)
            {
                _logger.LogInformation("{Username} turned SMS OTP off, but it is mandatory: sign-in refused", user.Username);
                return outcomes.Fail(FailureKeys.SmsOtpDisabled);
            }

            _logger.LogInformation("{Username} turned SMS OTP off: step skipped", user.Username);
            return outcomes.Skip();
        }

        var number = _users.MobileNumberOf(user);
        if (number is not null)
        {
            return await SendCodeAsync(context, state, outcomes, number, resent: false, cancellationToken);
        }

        if (_options.CaptureAndUpdateMobileNumber)
        {
            state.Phase = SmsOtpState.AwaitingMobile;
            return outcomes.MobilePage();
        }

        if (_options.Mandatory)
        {
            _logger.LogInformation("{Username} has no mobile number, capturing one is off and the step is mandatory", user.Username);
            return outcomes.Fail(FailureKeys.MobileNumberNotFound);
        }

        _logger.LogInformation("{Username} has no mobile number and the step is not mandatory: step skipped", user.Username);
        return outcomes.Skip();
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
        var outcomes = new StepOutcomes(_options, context, state);
        if (context.User is null)
        {
            return outcomes.Fail(FailureKeys.UserNotFound);
        }

        switch (state.Phase)
        {
            case SmsOtpState.AwaitingMobile:
                return await CaptureMobileNumberAsync(context, state, outcomes, form.GetValueOrDefault(MobileNumberField), cancellationToken);
            case SmsOtpState.AwaitingCode when string.Equals(form.GetValueOrDefault(ResendField), "true", StringComparison.OrdinalIgnoreCase):
                return await ResendAsync(context, state, outcomes, cancellationToken);
            case SmsOtpState.AwaitingCode:
                return await new CodeCheck(_options, _users, _credentials, _time, _logger, _codeKey).CheckAsync(context, state, outcomes, form.GetValueOrDefault(CodeField), cancellationToken);
            default:
                // Nothing is waiting for a code: the step was never started, or its code was already used.
                _logger.LogInformation("Code posted for attempt {Attempt} with no code waiting", context.AttemptLogId);
                return outcomes.Fail(FailureKeys.CodeMismatch);
        }
    }

    /// <inheritdoc />
    public Task<PageView?> RenderPageAsync(AuthenticationStepContext context, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(page);
        return Task.FromResult(new SmsOtpPages(_options, _time).Build(new SmsOtpState(context.State), page));
    }

    private async Task<AuthenticatorResult> ResendAsync(
        AuthenticationStepContext context,
        SmsOtpState state,
        StepOutcomes outcomes,
        CancellationToken cancellationToken)
    {
        if (!_options.ResendEnable)
        {
            // The page shows no resend button in this configuration, so this post was made by hand; the code stays.
            _logger.LogWarning("Resend asked for attempt {Attempt} although ResendEnable = false", context.AttemptLogId);
            return outcomes.CodePageProblem(FailureKeys.ResendDisabled);
        }

        if (state.ResendCount >= _options.MaximumResendAttempts)
        {
            _logger.LogInformation("Resend refused for attempt {Attempt}: {MaxResends} resends used", context.AttemptLogId, _options.MaximumResendAttempts);
            return outcomes.Fail(FailureKeys.ResendCountExceeded);
        }

        if (SmsOtpPages.CooldownRemaining(state, _options, _time) > TimeSpan.Zero)
        {
            return outcomes.CodePageProblem(FailureKeys.ResendTooSoon);
        }

        if (!state.Direct && (await FindUsableUserAsync(context, outcomes, cancellationToken)).Refusal is { } refusal)
        {
            return refusal;
        }

        // The number the first code went to: the profile's, or one typed on the mobile page and not yet saved.
        if (state.Number is not { } number)
        {
            return outcomes.Fail(FailureKeys.MobileNumberNotFound);
        }

        state.ResendCount++;
        return await SendCodeAsync(context, state, outcomes, number, resent: true, cancellationToken);
    }

    private async Task<AuthenticatorResult> CaptureMobileNumberAsync(
        AuthenticationStepContext context,
        SmsOtpState state,
        StepOutcomes outcomes,
        string? typed,
        CancellationToken cancellationToken)
    {
        var number = MobileNumbers.ParseTyped(typed, _options.DefaultRegion);
        if (number is null)
        {
            return outcomes.MobilePageProblem(FailureKeys.MobileInvalid);
        }

        if (!state.Direct)
        {
            var (user, refusal) = await FindUsableUserAsync(context, outcomes, cancellationToken);
            if (refusal is not null || user is null)
            {
                return refusal ?? outcomes.Fail(FailureKeys.UserNotFound);
            }

            // Only a user without a number may add one here: otherwise whoever holds a password could redirect the codes.
            if (_users.MobileNumberOf(user) is { } existing)
            {
                _logger.LogWarning("{Username} already has a mobile number; the typed one was not used", user.Username);
                number = existing;
            }
            else if (await _users.Directory.IsClaimValueTakenAsync(user.Id, SmsOtpClaims.Mobile, number, cancellationToken))
            {
                // Refused before any SMS: the code would go to another driver, and the page must not say whose it is.
                _logger.LogWarning("{Username} typed mobile number {Number}, which is another user's; refused", user.Username, PhoneNumberMask.Mask(number));
                return outcomes.MobilePageProblem(FailureKeys.MobileUnavailable);
            }
            else
            {
                state.PendingNumber = number;
            }
        }

        var failure = await _delivery.SendNewCodeAsync(context, state, number, cancellationToken);
        if (failure == SmsFailureReason.NumberRefused)
        {
            // [security.sms_limits] refuses this number (its country or type): the driver may type another one.
            state.PendingNumber = null;
            return outcomes.MobilePageProblem(FailureKeys.MobileInvalid);
        }

        return failure is { } reason ? outcomes.Fail(CodeDelivery.FailureKeyOf(reason)) : outcomes.CodePage(resent: false);
    }

    private async Task<AuthenticatorResult> SendCodeAsync(
        AuthenticationStepContext context,
        SmsOtpState state,
        StepOutcomes outcomes,
        string number,
        bool resent,
        CancellationToken cancellationToken)
    {
        var failure = await _delivery.SendNewCodeAsync(context, state, number, cancellationToken);
        return failure is { } reason ? outcomes.Fail(CodeDelivery.FailureKeyOf(reason)) : outcomes.CodePage(resent);
    }

    // The user of the attempt, unless they are gone from the store or locked out (then the refusal to return).
    private async Task<(DirectoryUser? User, AuthenticatorResult? Refusal)> FindUsableUserAsync(
        AuthenticationStepContext context,
        StepOutcomes outcomes,
        CancellationToken cancellationToken)
    {
        var user = await _users.FindAsync(context, cancellationToken);
        if (user is null)
        {
            return (null, outcomes.Fail(FailureKeys.UserNotFound));
        }

        return await _users.Directory.IsLockedAsync(user.Id, cancellationToken)
            ? (user, outcomes.Fail(FailureKeys.AccountLocked))
            : (user, null);
    }
}
