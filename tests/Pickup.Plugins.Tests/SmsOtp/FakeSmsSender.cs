using Pickup.Abstractions.Configuration;
using Pickup.Sms.Contracts;

namespace Pickup.Plugins.Tests.SmsOtp;

/// <summary>An SMS provider that keeps what it was asked to send, and can be told to fail.</summary>
internal sealed class FakeSmsSender : ISmsSender
{
    public const string Id = "fake";

    public List<SmsMessage> Sent { get; } = [];

    public int ValidateCalls { get; private set; }

    public bool FailNextSends { get; set; }

    public SmsFailureReason FailureReason { get; set; } = SmsFailureReason.Rejected;

    public string Provider => Id;

    public IReadOnlyCollection<string> Keys { get; } = ["sms_url", "http_method"];

    public void Validate(PluginParameters properties)
    {
        ValidateCalls++;
        properties.GetRequiredString("sms_url");
    }

    public Task<SmsSendResult> SendAsync(SmsMessage message, PluginParameters properties, CancellationToken cancellationToken)
    {
        if (FailNextSends)
        {
            return Task.FromResult(SmsSendResult.Failed("provider answered status 29 (non-whitelisted destination)", FailureReason));
        }

        Sent.Add(message);
        return Task.FromResult(SmsSendResult.Sent);
    }
}
