using Pickup.Abstractions.Authentication;
using Pickup.Plugins.SmsOtp.Codes;
using Pickup.Plugins.SmsOtp.Configuration;
using Pickup.Plugins.SmsOtp.Pages;

namespace Pickup.Plugins.SmsOtp.Steps;

/// <summary>
/// Per request: turns what happened into the step's result, applying <c>RetryEnable</c> and
/// <c>redirectToMultiOptionPageOnFailure</c> in one place.
/// </summary>
internal sealed class StepOutcomes
{
    private readonly SmsOtpOptions _options;
    private readonly AuthenticationStepContext _context;
    private readonly SmsOtpState _state;

    public StepOutcomes(SmsOtpOptions options, AuthenticationStepContext context, SmsOtpState state)
    {
        _options = options;
        _context = context;
        _state = state;
    }

    private bool ToOtherOptions => _options.RedirectToMultiOptionPageOnFailure && _context.HasOtherOptions;

    /// <summary>The code page, after a send.</summary>
    public AuthenticatorResult CodePage(bool resent) =>
        resent
            ? AuthenticatorResult.ShowPage(_options.CodePage, new Dictionary<string, string> { [SmsOtpPages.ResentQuery] = "true" })
            : AuthenticatorResult.ShowPage(_options.CodePage);

    /// <summary>The mobile number page.</summary>
    public AuthenticatorResult MobilePage() => AuthenticatorResult.ShowPage(_options.MobilePage);

    /// <summary>A problem with what was posted on the code page (empty code, resend too soon): that page again, whatever the settings.</summary>
    public AuthenticatorResult CodePageProblem(string failureKey) => AuthenticatorResult.Retry(_options.CodePage, failureKey);

    /// <summary>A typed number that is not valid: the mobile page again.</summary>
    public AuthenticatorResult MobilePageProblem(string failureKey) => AuthenticatorResult.Retry(_options.MobilePage, failureKey);

    /// <summary>The step is passed: a code (or a backup code) matched.</summary>
    public AuthenticatorResult Succeed()
    {
        _state.ClearCode();
        _state.Phase = SmsOtpState.Done;
        return AuthenticatorResult.Success();
    }

    /// <summary>
    /// The step is skipped (the user needs no code: SMS OTP turned off, or no number and the step optional): the login
    /// goes on, but the token does not claim an SMS factor and no <c>code.verified</c> is audited.
    /// </summary>
    public AuthenticatorResult Skip()
    {
        _state.ClearCode();
        _state.Phase = SmsOtpState.Done;
        return AuthenticatorResult.Skip();
    }

    /// <summary>
    /// A wrong or expired code. The option page when configured and there is one; otherwise the code page again when
    /// <c>RetryEnable</c> and the driver can still get somewhere (a live code, or a resend left); otherwise the end.
    /// </summary>
    public AuthenticatorResult CodeProblem(string failureKey)
    {
        if (ToOtherOptions)
        {
            return Fail(failureKey);
        }

        var canContinue = _state.HasCode || (_options.ResendEnable && _state.ResendCount < _options.MaximumResendAttempts);
        return _options.RetryEnable && canContinue ? AuthenticatorResult.Retry(_options.CodePage, failureKey) : Fail(failureKey);
    }

    /// <summary>
    /// The attempt cannot go on with this authenticator: back to the option page when configured and there is one,
    /// otherwise the error page. A locked account always ends on the error page: the lock-out covers every factor.
    /// </summary>
    public AuthenticatorResult Fail(string failureKey)
    {
        _state.ClearCode();
        return ToOtherOptions && failureKey != FailureKeys.AccountLocked
            ? AuthenticatorResult.ChooseAnotherOption(_options.ErrorPage, failureKey)
            : AuthenticatorResult.Fail(_options.ErrorPage, failureKey);
    }
}
