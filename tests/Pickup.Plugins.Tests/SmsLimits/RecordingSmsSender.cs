using Pickup.Abstractions.Configuration;
using Pickup.Sms.Contracts;

namespace Pickup.Plugins.Tests.SmsLimits;

/// <summary>An SMS provider that only records what it was asked to send and answers as told.</summary>
internal sealed class RecordingSmsSender(string provider = "recording") : ISmsSender
{
    private readonly Lock _gate = new();
    private readonly List<SmsMessage> _sent = [];

    public string Provider => provider;

    public IReadOnlyCollection<string> Keys => ["recording_key"];

    /// <summary>What every send answers.</summary>
    public SmsSendResult Answer { get; set; } = SmsSendResult.Sent;

    public int ValidateCalls { get; private set; }

    public IReadOnlyList<SmsMessage> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    public void Validate(PluginParameters properties) => ValidateCalls++;

    public Task<SmsSendResult> SendAsync(SmsMessage message, PluginParameters properties, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _sent.Add(message);
        }

        return Task.FromResult(Answer);
    }
}
