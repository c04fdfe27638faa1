using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Sms;
using Pickup.Core.Auditing;

namespace Pickup.Core.Sms.Limits;

/// <summary>
/// Puts <see cref="SmsSendPolicy"/> in front of an SMS provider, whichever plugin brought it, and audits every send
/// (<c>code.sent</c> / <c>code.send.failed</c>, with the masked number).
/// </summary>
public sealed class GuardedSmsSender(ISmsSender inner, SmsSendPolicy policy, IAuditLog audit) : ISmsSender
{
    /// <inheritdoc />
    public string Provider => inner.Provider;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Keys => inner.Keys;

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

        await audit.WriteAsync(Describe(message, result), cancellationToken);
        return result;
    }

    private AuditEvent Describe(SmsMessage message, SmsSendResult result)
    {
        var to = $"to {Mask(message.Number)} via {Provider}";

        // A provider's detail is promised to be free of the code; the audit trail does not rely on that promise.
        var detail = result.FailureDetail is { Length: > 0 } failure && message.Code.Length > 0
            ? failure.Replace(message.Code, "***", StringComparison.Ordinal)
            : result.FailureDetail;
        return new AuditEvent(result.Succeeded ? AuditEventTypes.CodeSent : AuditEventTypes.CodeSendFailed)
        {
            UserId = message.UserId,
            Username = message.Username,
            RemoteAddress = message.ClientAddress,
            Detail = result.Succeeded ? to : $"{result.Reason} {to}: {detail}",
        };
    }

    // The last four digits behind a fixed-width mask, as the code page shows them: enough to tell numbers apart.
    private static string Mask(string number) => "*******" + (number.Length > 4 ? number[^4..] : string.Empty);
}
