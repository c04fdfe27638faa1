using Pickup.Abstractions.Auditing;
using Pickup.Abstractions.Configuration;
using Pickup.Sms.Contracts;

namespace Pickup.Plugins.SmsOtp.Limits;

/// <summary>
/// Puts <see cref="SmsSendPolicy"/> in front of an SMS provider, whichever plugin brought it, and audits every send
/// (<c>code.sent</c> / <c>code.send.failed</c>, with the masked number). Once per server and provider.
/// </summary>
public sealed class GuardedSmsSender(ISmsSender inner, SmsSendPolicy policy, IAuditTrail audit) : ISmsSender
{
    /// <summary>An SMS provider accepted a code (detail: the masked number and the provider).</summary>
    public const string CodeSent = "code.sent";

    /// <summary>A code could not be sent, or the limits refused it (detail: the reason and the masked number).</summary>
    public const string CodeSendFailed = "code.send.failed";

    /// <inheritdoc />
    public string Provider => inner.Provider;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Keys => inner.Keys;

    /// <summary>Guards every provider of <paramref name="senders"/> with one policy, so they share one set of counts.</summary>
    public static IReadOnlyList<ISmsSender> GuardAll(IEnumerable<ISmsSender> senders, SmsSendPolicy policy, IAuditTrail audit) =>
        [.. senders.Select(s => s is GuardedSmsSender ? s : new GuardedSmsSender(s, policy, audit))];

    /// <inheritdoc />
    public void Validate(PluginParameters properties) => inner.Validate(properties);

    /// <inheritdoc />
    public async Task<SmsSendResult> SendAsync(SmsMessage message, PluginParameters properties, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var refused = await policy.RefuseAsync(message, cancellationToken);
        var result = refused ?? await inner.SendAsync(message, properties, cancellationToken);
        if (refused is null && result.Succeeded)
        {
            policy.RecordSent(message);
        }
        else if (refused is null)
        {
            policy.RecordFailed(Provider, result.Reason);
        }

        await audit.WriteAsync(Describe(message, result), cancellationToken);
        return result;
    }

    private AuditRecord Describe(SmsMessage message, SmsSendResult result)
    {
        var to = $"to {PhoneNumberMask.Mask(message.Number)} via {Provider}";

        // A provider's detail is promised to be free of the code; the audit trail does not rely on that promise.
        var detail = result.FailureDetail is { Length: > 0 } failure && message.Code.Length > 0
            ? failure.Replace(message.Code, "***", StringComparison.Ordinal)
            : result.FailureDetail;
        return new AuditRecord(result.Succeeded ? CodeSent : CodeSendFailed)
        {
            UserId = message.UserId,
            Username = message.Username,
            RemoteAddress = message.ClientAddress,
            Detail = result.Succeeded ? to : $"{result.Reason} {to}: {detail}",
        };
    }
}
