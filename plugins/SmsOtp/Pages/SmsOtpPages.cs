using Pickup.Abstractions.Pages;
using Pickup.Plugins.SmsOtp.Codes;
using Pickup.Plugins.SmsOtp.Configuration;

namespace Pickup.Plugins.SmsOtp.Pages;

/// <summary>Builds the models of the code, error and mobile number pages for a GET.</summary>
internal sealed class SmsOtpPages
{
    /// <summary>Query parameter added after a resend, so the page can say a new code is on its way.</summary>
    public const string ResentQuery = "resent";

    private const string UnknownNumber = "your phone";

    private readonly SmsOtpOptions _options;
    private readonly TimeProvider _time;

    public SmsOtpPages(SmsOtpOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    /// <summary>How long until another code may be sent (zero when it may be sent now).</summary>
    public static TimeSpan CooldownRemaining(SmsOtpState state, SmsOtpOptions options, TimeProvider time)
    {
        if (state.LastSentAt is not { } sentAt)
        {
            return TimeSpan.Zero;
        }

        var remaining = sentAt.AddSeconds(options.ResendCooldownSeconds) - time.GetUtcNow();
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary>The page's view, or null when the template is not one of this authenticator's pages.</summary>
    public PageView? Build(SmsOtpState state, PageRequest page)
    {
        if (page.Template == _options.CodePage)
        {
            var canResend = _options.ResendEnable && state.ResendCount < _options.MaxResends;
            var error = SmsOtpMessages.ForCodePage(page.Query, codeIsDead: !state.HasCode, canResend);
            var notice = error is null && string.Equals(page.Query.GetValueOrDefault(ResentQuery), "true", StringComparison.Ordinal)
                ? "We sent you a new code."
                : null;
            var wait = canResend ? (int)Math.Ceiling(CooldownRemaining(state, _options, _time).TotalSeconds) : 0;

            // Once the resends are used up the button goes: pressing it could only end the attempt.
            return new PageView(
                _options.CodePage,
                new SmsOtpPageModel(state.MaskedNumber ?? UnknownNumber, canResend, error, notice, wait));
        }

        if (page.Template == _options.ErrorPage)
        {
            return new PageView(_options.ErrorPage, new SmsOtpErrorPageModel(SmsOtpMessages.ForErrorPage(page.Query), RetryUrl: null));
        }

        if (page.Template == _options.MobilePage)
        {
            return new PageView(_options.MobilePage, new MobilePageModel(SmsOtpMessages.ForMobilePage(page.Query)));
        }

        return null;
    }
}
