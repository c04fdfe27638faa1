using Pickup.Abstractions.Pages;
using Pickup.Plugins.SmsOtp.Codes;
using Pickup.Plugins.SmsOtp.Configuration;
using Pickup.Plugins.SmsOtp.Phones;

namespace Pickup.Plugins.SmsOtp.Pages;

/// <summary>Builds the models of the code, error and mobile number pages for a GET. Per request.</summary>
internal sealed class SmsOtpPages
{
    /// <summary>Query parameter added after a resend, so the page can say a new code is on its way.</summary>
    public const string ResentQuery = "resent";

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

    /// <summary>
    /// The failure key a page may show: null when the query reports none, the key when this authenticator knows it,
    /// otherwise <see cref="FailureKeys.Generic"/>. Query text is never passed on as it is.
    /// </summary>
    public static string? ErrorKeyOf(IReadOnlyDictionary<string, string> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.TryGetValue("authFailureMsg", out var key))
        {
            return FailureKeys.Known.Contains(key) ? key : FailureKeys.Generic;
        }

        return string.Equals(query.GetValueOrDefault("authFailure"), "true", StringComparison.OrdinalIgnoreCase) ? FailureKeys.Generic : null;
    }

    /// <summary>The page's view, or null when the template is not one of this authenticator's pages.</summary>
    public PageView? Build(SmsOtpState state, PageRequest page)
    {
        var error = ErrorKeyOf(page.Query);
        if (page.Template == _options.CodePage)
        {
            // Once the resends are used up the button goes: pressing it could only end the attempt.
            var canResend = _options.ResendEnable && state.ResendCount < _options.MaximumResendAttempts;
            var notice = error is null && string.Equals(page.Query.GetValueOrDefault(ResentQuery), "true", StringComparison.Ordinal)
                ? FailureKeys.ResentNotice
                : null;
            var wait = canResend ? (int)Math.Ceiling(CooldownRemaining(state, _options, _time).TotalSeconds) : 0;
            var number = state.Number is { } digits ? MobileNumbers.Display(digits, _options.MaskMobileNumber) : null;
            return new PageView(
                _options.CodePage,
                new SmsOtpPageModel(number, canResend, wait, error, notice, _options.TokenLength, !_options.AlphanumericToken, _options.BackupCode && state.PendingNumber is null));
        }

        if (page.Template == _options.ErrorPage)
        {
            return new PageView(_options.ErrorPage, new SmsOtpErrorPageModel(error ?? FailureKeys.Generic));
        }

        if (page.Template == _options.MobilePage)
        {
            return new PageView(_options.MobilePage, new MobilePageModel(error, _options.DefaultRegion));
        }

        return null;
    }
}
