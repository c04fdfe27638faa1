using Pickup.Abstractions.Configuration;

namespace Pickup.Sms.Contracts;

/// <summary>
/// Sends a text message through one SMS provider (the identity provider's <c>provider</c> names it).
/// </summary>
/// <remarks>
/// Lifetime: once per server (singleton), called concurrently. <see cref="Validate"/> runs at start-up for every
/// identity provider that uses this provider. Implementations never log or return the message text or the code.
/// </remarks>
public interface ISmsSender
{
    /// <summary>The provider id, e.g. <c>nexmo</c> or <c>outbox</c>.</summary>
    string Provider { get; }

    /// <summary>The identity-provider property keys this sender reads (the rest are the authenticator's).</summary>
    IReadOnlyCollection<string> Keys { get; }

    /// <summary>Validates an identity provider's properties; records problems in <paramref name="properties"/>.</summary>
    void Validate(PluginParameters properties);

    /// <summary>Sends one message. Never throws for provider or network failures: it returns a failed result.</summary>
    Task<SmsSendResult> SendAsync(SmsMessage message, PluginParameters properties, CancellationToken cancellationToken);
}

/// <summary>One text message.</summary>
/// <param name="Number">Country code and number, digits only (<c>94778888888</c>).</param>
/// <param name="Text">The whole message text, code included.</param>
/// <param name="Code">The one-time code alone (for <c>$ctx.otp</c>).</param>
public sealed record SmsMessage(string Number, string Text, string Code)
{
    /// <summary>The user the code is for (for per-user send limits), when known.</summary>
    public string? UserId { get; init; }

    /// <summary>The username of <see cref="UserId"/>, when known (the audit trail names the user without a lookup).</summary>
    public string? Username { get; init; }

    /// <summary>The address of the browser that asked for the code (for per-address send limits), when known.</summary>
    public string? ClientAddress { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"SmsMessage {{ Number = {Number} }}";
}

/// <summary>Why a send failed, so the authenticator can tell the driver something true.</summary>
public enum SmsFailureReason
{
    /// <summary>Not a failure.</summary>
    None,

    /// <summary>The provider answered and refused the message (bad number, quota, content...).</summary>
    Rejected,

    /// <summary>The provider could not be reached (connection refused, DNS, network).</summary>
    Unreachable,

    /// <summary>The provider did not answer within the configured timeout.</summary>
    Timeout,

    /// <summary>The provider's TLS certificate is not trusted (see <c>pickup truststore import</c>).</summary>
    Untrusted,

    /// <summary>The provider refused our account or request (credentials, configuration): an admin must act.</summary>
    Misconfigured,

    /// <summary>The engine did not send: a send limit of <c>[security.sms_limits]</c> was reached.</summary>
    RateLimited,

    /// <summary>The engine did not send: the number's country or type is not allowed (<c>[security.sms_limits]</c>).</summary>
    NumberRefused,
}

/// <summary>The result of a send.</summary>
/// <param name="Succeeded">True when the provider accepted the message.</param>
/// <param name="FailureDetail">For administrators' logs: what went wrong (never the code or the secret).</param>
public sealed record SmsSendResult(bool Succeeded, string? FailureDetail)
{
    /// <summary>Accepted by the provider.</summary>
    public static SmsSendResult Sent { get; } = new(true, null);

    /// <summary>Why it failed; <see cref="SmsFailureReason.None"/> on success.</summary>
    public SmsFailureReason Reason { get; init; }

    /// <summary>Refused or unreachable.</summary>
    public static SmsSendResult Failed(string detail, SmsFailureReason reason = SmsFailureReason.Rejected) =>
        new(false, detail) { Reason = reason };
}

/// <summary>The metric labels of <see cref="SmsFailureReason"/>.</summary>
public static class SmsFailureReasons
{
    /// <summary>A fixed snake_case word for a metric label (<c>rate_limited</c>, <c>timeout</c>...).</summary>
    public static string Label(this SmsFailureReason reason) => reason switch
    {
        SmsFailureReason.None => "none",
        SmsFailureReason.Rejected => "rejected",
        SmsFailureReason.Misconfigured => "misconfigured",
        SmsFailureReason.Unreachable => "unreachable",
        SmsFailureReason.Timeout => "timeout",
        SmsFailureReason.Untrusted => "untrusted",
        SmsFailureReason.NumberRefused => "number_refused",
        SmsFailureReason.RateLimited => "rate_limited",
        _ => "other",
    };
}
