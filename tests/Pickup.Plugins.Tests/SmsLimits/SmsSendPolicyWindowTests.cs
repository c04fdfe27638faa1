using Pickup.Plugins.SmsOtp.Limits;
using Pickup.Sms.Contracts;
using Pickup.Testing;

namespace Pickup.Plugins.Tests.SmsLimits;

/// <summary>The per-number, per-user and per-address counts of <c>[security.sms_limits]</c>, in fixed windows.</summary>
public sealed class SmsSendPolicyWindowTests
{
    private static readonly string Number = PolicyHarness.SriLankanMobile(0);

    [Fact]
    public async Task RefuseAsync_PerNumberLimitReached_RefusesNextSendAsRateLimited()
    {
        using var harness = new PolicyHarness(PolicyHarness.NoLimits(l => l.PerNumber = 3));

        var results = await SendAsync(harness.Policy, 4, _ => new SmsMessage(Number, "text", "123456"));

        Assert.All(results[..3], Assert.Null);
        Assert.Equal(SmsFailureReason.RateLimited, results[3]?.Reason);
        Assert.False(results[3]!.Succeeded);
    }

    [Fact]
    public async Task RefuseAsync_PerNumberLimitReached_OtherNumberStillAllowed()
    {
        using var harness = new PolicyHarness(PolicyHarness.NoLimits(l => l.PerNumber = 1));
        await harness.Policy.RefuseAsync(new SmsMessage(Number, "text", "1"), CancellationToken.None);

        Assert.Null(await harness.Policy.RefuseAsync(new SmsMessage(PolicyHarness.SriLankanMobile(1), "text", "1"), CancellationToken.None));
    }

    [Fact]
    public async Task RefuseAsync_PerUserLimitReached_RefusesNextCodeForThatUserOnAnyNumber()
    {
        using var harness = new PolicyHarness(PolicyHarness.NoLimits(l => l.PerUser = 2));

        var results = await SendAsync(harness.Policy, 3, i => new SmsMessage(PolicyHarness.SriLankanMobile(i), "text", "1") { UserId = "u1" });
        var otherUser = await harness.Policy.RefuseAsync(new SmsMessage(Number, "text", "1") { UserId = "u2" }, CancellationToken.None);

        Assert.All(results[..2], Assert.Null);
        Assert.Equal(SmsFailureReason.RateLimited, results[2]?.Reason);
        Assert.Null(otherUser);
        Assert.Equal(1, harness.Refused.Sum("reason", "per_user"));
    }

    [Fact]
    public async Task RefuseAsync_PerIpLimitReached_RefusesNextCodeAskedFromThatAddress()
    {
        using var harness = new PolicyHarness(PolicyHarness.NoLimits(l => l.PerIp = 2));

        var results = await SendAsync(harness.Policy, 3, i => new SmsMessage(PolicyHarness.SriLankanMobile(i), "text", "1") { ClientAddress = "198.51.100.7" });
        var otherAddress = await harness.Policy.RefuseAsync(new SmsMessage(Number, "text", "1") { ClientAddress = "198.51.100.8" }, CancellationToken.None);

        Assert.All(results[..2], Assert.Null);
        Assert.Equal(SmsFailureReason.RateLimited, results[2]?.Reason);
        Assert.Null(otherAddress);
        Assert.Equal(1, harness.Refused.Sum("reason", "per_ip"));
    }

    [Fact]
    public async Task RefuseAsync_PerIpLimit_CountsAnIpv6ClientByItsSlash64()
    {
        using var harness = new PolicyHarness(PolicyHarness.NoLimits(l => l.PerIp = 2));

        // One subscriber may pick any address of its /64: a new address in it must not buy a new allowance.
        var results = await SendAsync(harness.Policy, 3, i => new SmsMessage(PolicyHarness.SriLankanMobile(i), "text", "1") { ClientAddress = $"2001:db8:5:6::{i + 1}" });
        var otherPrefix = await harness.Policy.RefuseAsync(new SmsMessage(Number, "text", "1") { ClientAddress = "2001:db8:5:7::1" }, CancellationToken.None);

        Assert.All(results[..2], Assert.Null);
        Assert.Equal(SmsFailureReason.RateLimited, results[2]?.Reason);
        Assert.Null(otherPrefix);
    }

    [Fact]
    public async Task RefuseAsync_UserAndAddressUnknown_OnlyNumberLimitApplies()
    {
        using var harness = new PolicyHarness(PolicyHarness.NoLimits(l => (l.PerUser, l.PerIp) = (1, 1)));

        var results = await SendAsync(harness.Policy, 5, _ => new SmsMessage(Number, "text", "1"));

        Assert.All(results, Assert.Null);
    }

    [Fact]
    public async Task RefuseAsync_EveryCountLimitZero_NeverRefusesForCounts()
    {
        using var harness = new PolicyHarness(PolicyHarness.NoLimits());

        var results = await SendAsync(harness.Policy, 50, _ => new SmsMessage(Number, "text", "1") { UserId = "u1", ClientAddress = "198.51.100.7" });

        Assert.All(results, Assert.Null);
    }

    [Fact]
    public async Task RefuseAsync_WindowPassed_CountsStartAgain()
    {
        using var harness = new PolicyHarness(PolicyHarness.NoLimits(l => (l.PerNumber, l.WindowSeconds) = (1, 600)));
        var message = new SmsMessage(Number, "text", "1");
        Assert.Null(await harness.Policy.RefuseAsync(message, CancellationToken.None));

        harness.Clock.Advance(TimeSpan.FromSeconds(599));
        var sameWindow = await harness.Policy.RefuseAsync(message, CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var nextWindow = await harness.Policy.RefuseAsync(message, CancellationToken.None);

        Assert.Equal(SmsFailureReason.RateLimited, sameWindow?.Reason);
        Assert.Null(nextWindow);
    }

    [Fact]
    public async Task RefuseAsync_RateLimited_LogsMaskedNumberOnlyAndCountsRefusal()
    {
        using var harness = new PolicyHarness(PolicyHarness.NoLimits(l => l.PerNumber = 1));
        await SendAsync(harness.Policy, 2, _ => new SmsMessage(Number, "Your Pickup code is 482913", "482913"));

        Assert.Contains(harness.Logs.Lines, l => l.Contains("Warning", StringComparison.Ordinal) && l.Contains("*******" + Number[^4..], StringComparison.Ordinal));
        Assert.DoesNotContain(Number, harness.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("482913", harness.Logs.AllText, StringComparison.Ordinal);
        Assert.Equal(1, harness.Refused.Sum("reason", "per_number"));
    }

    private static async Task<SmsSendResult?[]> SendAsync(SmsSendPolicy policy, int count, Func<int, SmsMessage> message)
    {
        var results = new SmsSendResult?[count];
        for (var i = 0; i < count; i++)
        {
            results[i] = await policy.RefuseAsync(message(i), CancellationToken.None);
        }

        return results;
    }
}
