using Pickup.Sms.Contracts;

namespace Pickup.Plugins.Nexmo;

/// <summary>Why one send failed, already masked.</summary>
/// <param name="Reason">The failure kind.</param>
/// <param name="Detail">What happened, for administrators (provider status and text, network error...).</param>
/// <param name="Action">What an administrator can do about it, when known.</param>
internal sealed record NexmoFailure(SmsFailureReason Reason, string Detail, string? Action = null)
{
    /// <summary>
    /// The <c>status</c> label of <c>pickup.nexmo.errors</c>: <c>http_503</c>, <c>vonage_9</c> (a status of Vonage's
    /// table; <c>vonage_other</c> for one it does not have) or, when null, the reason (<c>timeout</c>, <c>unreachable</c>...).
    /// Never the provider's own words: a label takes a bounded set of values.
    /// </summary>
    public string? Status { get; init; }

    /// <summary>The short category shown when <c>show_detailed_error_info</c> is false.</summary>
    public string Category => Reason switch
    {
        SmsFailureReason.Misconfigured => "the SMS provider refused the engine's account or settings",
        SmsFailureReason.Unreachable => "the SMS provider could not be reached",
        SmsFailureReason.Timeout => "the SMS provider did not answer in time",
        SmsFailureReason.Untrusted => "the SMS provider's TLS certificate is not trusted",
        _ => "the SMS provider refused the message",
    };

    /// <summary>The line for the engine's log: detail and action.</summary>
    public string LogText => Action is null ? Detail : $"{Detail}; {Action}";
}
