using Pickup.Abstractions.Auditing;
using Pickup.Plugins.SmsOtp.Limits;
using Pickup.Sms.Contracts;
using Pickup.Testing;

namespace Pickup.Plugins.Tests.SmsLimits;

/// <summary>The policy in front of a provider: refused sends never reach it, accepted ones are counted and audited.</summary>
public sealed class GuardedSmsSenderTests : IDisposable
{
    private static readonly string Number = PolicyHarness.SriLankanMobile(0);

    private readonly PolicyHarness _harness = new(PolicyHarness.NoLimits(l => l.PerNumber = 1));
    private readonly RecordingSmsSender _inner = new();
    private readonly RecordingAuditTrail _audit = new();
    private readonly GuardedSmsSender _guarded;

    public GuardedSmsSenderTests()
    {
        _guarded = new GuardedSmsSender(_inner, _harness.Policy, _audit);
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task SendAsync_Allowed_CallsProviderAndReturnsItsResult()
    {
        var message = new SmsMessage(Number, "Your Pickup code is 482913", "482913");

        var result = await _guarded.SendAsync(message, TestParameters.From(), CancellationToken.None);

        Assert.Same(SmsSendResult.Sent, result);
        Assert.Equal([message], _inner.Sent);
        Assert.Equal(1, _harness.Sent.Sum());
    }

    [Fact]
    public async Task SendAsync_Refused_NeverCallsProvider()
    {
        var message = new SmsMessage(Number, "Your Pickup code is 482913", "482913");
        await _guarded.SendAsync(message, TestParameters.From(), CancellationToken.None);

        var refused = await _guarded.SendAsync(message, TestParameters.From(), CancellationToken.None);

        Assert.Equal(SmsFailureReason.RateLimited, refused.Reason);
        Assert.Single(_inner.Sent);
        Assert.Equal(1, _harness.Sent.Sum());
    }

    [Fact]
    public async Task SendAsync_ProviderFails_ReturnsFailureWithoutCountingSent()
    {
        _inner.Answer = SmsSendResult.Failed("provider said no", SmsFailureReason.Rejected);

        var result = await _guarded.SendAsync(new SmsMessage(Number, "text", "482913"), TestParameters.From(), CancellationToken.None);

        Assert.Equal(SmsFailureReason.Rejected, result.Reason);
        Assert.Single(_inner.Sent);
        Assert.Equal(0, _harness.Sent.Sum());
    }

    [Fact]
    public async Task SendAsync_ProviderTimesOut_CountsFailureByProviderAndReasonButNoRefusal()
    {
        _inner.Answer = SmsSendResult.Failed("no answer", SmsFailureReason.Timeout);

        await _guarded.SendAsync(new SmsMessage(Number, "text", "482913"), TestParameters.From(), CancellationToken.None);

        var failure = Assert.Single(_harness.Failed.GetMeasurementSnapshot());
        Assert.Equal(_inner.Provider, failure.Tags["provider"]);
        Assert.Equal("timeout", failure.Tags["reason"]);
        Assert.Equal(0, _harness.Refused.Sum());
    }

    [Fact]
    public async Task SendAsync_RefusedByLimit_CountsRefusalWithReasonNotProviderFailure()
    {
        var message = new SmsMessage(Number, "text", "482913");
        await _guarded.SendAsync(message, TestParameters.From(), CancellationToken.None);

        await _guarded.SendAsync(message, TestParameters.From(), CancellationToken.None);

        Assert.Equal(1, _harness.Refused.Sum("reason", "per_number"));
        Assert.Empty(_harness.Failed.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task SendAsync_SentAndRefused_AuditsEachWithMaskedNumberAndNoCode()
    {
        var message = new SmsMessage(Number, "Your Pickup code is 482913", "482913") { UserId = "u1" };
        await _guarded.SendAsync(message, TestParameters.From(), CancellationToken.None);
        await _guarded.SendAsync(message, TestParameters.From(), CancellationToken.None);

        Assert.Equal([GuardedSmsSender.CodeSent, GuardedSmsSender.CodeSendFailed], _audit.Events.Select(e => e.Type));
        Assert.All(_audit.Events, e =>
        {
            Assert.Equal("u1", e.UserId);
            Assert.Contains(Number[^4..], e.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain(Number, e.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("482913", e.Detail, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void ProviderKeysAndValidate_Always_PassThroughToInnerSender()
    {
        _guarded.Validate(TestParameters.From());

        Assert.Equal("recording", _guarded.Provider);
        Assert.Equal(["recording_key"], _guarded.Keys);
        Assert.Equal(1, _inner.ValidateCalls);
    }

    [Fact]
    public async Task GuardAll_TwoProviders_ShareOneSetOfCountsAndAreWrappedOnce()
    {
        var first = new RecordingSmsSender("first");
        var second = new RecordingSmsSender("second");
        var guarded = GuardedSmsSender.GuardAll([first, second], _harness.Policy, _audit);
        var message = new SmsMessage(Number, "text", "1");

        await guarded[0].SendAsync(message, TestParameters.From(), CancellationToken.None);
        var viaOther = await guarded[1].SendAsync(message, TestParameters.From(), CancellationToken.None);

        Assert.Equal(SmsFailureReason.RateLimited, viaOther.Reason);
        Assert.Single(first.Sent);
        Assert.Empty(second.Sent);
        Assert.Same(guarded[0], GuardedSmsSender.GuardAll(guarded, _harness.Policy, _audit)[0]);
    }
}
