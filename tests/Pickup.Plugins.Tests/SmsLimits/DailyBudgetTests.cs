using Pickup.Plugins.SmsOtp.Limits;
using Pickup.Sms.Contracts;
using Pickup.Testing;

namespace Pickup.Plugins.Tests.SmsLimits;

/// <summary>The daily budget for all numbers together, and the one alarm an operator gets when it is spent.</summary>
public sealed class DailyBudgetTests
{
    [Fact]
    public async Task RefuseAsync_BudgetSpent_RefusesEveryFurtherSendThatDay()
    {
        using var harness = new PolicyHarness(PolicyHarness.NoLimits(l => l.DailyBudget = 2));

        var results = new List<SmsSendResult?>();
        for (var i = 0; i < 4; i++)
        {
            results.Add(await harness.Policy.RefuseAsync(new SmsMessage(PolicyHarness.SriLankanMobile(i), "text", "1"), CancellationToken.None));
        }

        Assert.All(results[..2], Assert.Null);
        Assert.All(results[2..], r => Assert.Equal(SmsFailureReason.RateLimited, r?.Reason));
        Assert.Equal(2, harness.Refused.Sum("reason", "daily_budget"));
    }

    [Fact]
    public async Task RefuseAsync_BudgetSpent_LogsCriticalOnceADay()
    {
        using var harness = new PolicyHarness(PolicyHarness.NoLimits(l => l.DailyBudget = 1));
        for (var i = 0; i < 5; i++)
        {
            await harness.Policy.RefuseAsync(new SmsMessage(PolicyHarness.SriLankanMobile(i), "text", "1"), CancellationToken.None);
        }

        Assert.Single(harness.Logs.Lines, l => l.Contains(" Critical: ", StringComparison.Ordinal));
        Assert.Contains("2025-03-14", harness.Logs.Lines.Single(l => l.Contains(" Critical: ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefuseAsync_NextUtcDay_BudgetRenewsAndAlarmCanSoundAgain()
    {
        using var harness = new PolicyHarness(PolicyHarness.NoLimits(l => l.DailyBudget = 1));
        var message = new SmsMessage(PolicyHarness.SriLankanMobile(0), "text", "1");
        await harness.Policy.RefuseAsync(message, CancellationToken.None);
        await harness.Policy.RefuseAsync(message, CancellationToken.None);

        harness.Clock.Advance(TimeSpan.FromDays(1));
        var nextDay = await harness.Policy.RefuseAsync(message, CancellationToken.None);
        var spentAgain = await harness.Policy.RefuseAsync(message, CancellationToken.None);

        Assert.Null(nextDay);
        Assert.Equal(SmsFailureReason.RateLimited, spentAgain?.Reason);
        Assert.Equal(2, harness.Logs.Lines.Count(l => l.Contains(" Critical: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RefuseAsync_BudgetZero_NeverSpent()
    {
        using var harness = new PolicyHarness(PolicyHarness.NoLimits());

        for (var i = 0; i < 30; i++)
        {
            Assert.Null(await harness.Policy.RefuseAsync(new SmsMessage(PolicyHarness.SriLankanMobile(i), "text", "1"), CancellationToken.None));
        }

        Assert.DoesNotContain(harness.Logs.Lines, l => l.Contains(" Critical: ", StringComparison.Ordinal));
    }
}
