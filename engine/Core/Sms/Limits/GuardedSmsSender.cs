using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Sms;

namespace Pickup.Core.Sms.Limits;

/// <summary>Puts <see cref="SmsSendPolicy"/> in front of an SMS provider, whichever plugin brought it.</summary>
public sealed class GuardedSmsSender(ISmsSender inner, SmsSendPolicy policy) : ISmsSender
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
        if (await policy.RefuseAsync(message, cancellationToken) is { } refused)
        {
            return refused;
        }

        var result = await inner.SendAsync(message, properties, cancellationToken);
        if (result.Succeeded)
        {
            policy.RecordSent(message);
        }

        return result;
    }
}
