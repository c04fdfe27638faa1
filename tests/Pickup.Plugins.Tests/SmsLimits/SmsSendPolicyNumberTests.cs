using PhoneNumbers;
using Pickup.Plugins.SmsOtp.Limits;
using Pickup.Sms.Contracts;
using Pickup.Testing;

namespace Pickup.Plugins.Tests.SmsLimits;

/// <summary><c>allowed_countries</c> and <c>blocked_number_types</c>: numbers the engine never texts.</summary>
public sealed class SmsSendPolicyNumberTests
{
    private static readonly string GbPremiumRate = PolicyHarness.Example("GB", PhoneNumberType.PREMIUM_RATE);
    private static readonly string GbMobile = PolicyHarness.Example("GB", PhoneNumberType.MOBILE);
    private static readonly string SriLankanMobile = PolicyHarness.SriLankanMobile(0);

    [Fact]
    public async Task RefuseAsync_DefaultLimitsAndPremiumRateNumber_RefusesAsNumberRefused()
    {
        using var harness = new PolicyHarness(new SmsLimitsOptions());

        var result = await harness.Policy.RefuseAsync(new SmsMessage(GbPremiumRate, "text", "1"), CancellationToken.None);

        Assert.Equal(SmsFailureReason.NumberRefused, result?.Reason);
        Assert.Contains("PREMIUM_RATE", result!.FailureDetail, StringComparison.Ordinal);
        Assert.Equal(1, harness.Refused.Sum("reason", "number_type"));
    }

    [Fact]
    public async Task RefuseAsync_DefaultLimitsAndMobileNumbers_Allows()
    {
        using var harness = new PolicyHarness(new SmsLimitsOptions());

        Assert.Null(await harness.Policy.RefuseAsync(new SmsMessage(GbMobile, "text", "1"), CancellationToken.None));
        Assert.Null(await harness.Policy.RefuseAsync(new SmsMessage(SriLankanMobile, "text", "1"), CancellationToken.None));
    }

    [Fact]
    public async Task RefuseAsync_NoBlockedTypes_AllowsPremiumRateNumber()
    {
        using var harness = new PolicyHarness(PolicyHarness.NoLimits());

        Assert.Null(await harness.Policy.RefuseAsync(new SmsMessage(GbPremiumRate, "text", "1"), CancellationToken.None));
    }

    [Fact]
    public async Task RefuseAsync_TypeNamedInAnyCase_IsBlocked()
    {
        using var harness = new PolicyHarness(PolicyHarness.NoLimits(l => l.BlockedNumberTypes = ["mobile"]));

        var result = await harness.Policy.RefuseAsync(new SmsMessage(GbMobile, "text", "1"), CancellationToken.None);

        Assert.Equal(SmsFailureReason.NumberRefused, result?.Reason);
    }

    [Theory]
    [InlineData("LK")]
    [InlineData("lk")]
    public async Task RefuseAsync_AllowedCountriesListed_AllowsOnlyThoseCountries(string allowed)
    {
        using var harness = new PolicyHarness(PolicyHarness.NoLimits(l => l.AllowedCountries = [allowed]));

        var home = await harness.Policy.RefuseAsync(new SmsMessage(SriLankanMobile, "text", "1"), CancellationToken.None);
        var abroad = await harness.Policy.RefuseAsync(new SmsMessage(GbMobile, "text", "1"), CancellationToken.None);

        Assert.Null(home);
        Assert.Equal(SmsFailureReason.NumberRefused, abroad?.Reason);
        Assert.Contains("GB", abroad!.FailureDetail, StringComparison.Ordinal);
        Assert.Equal(1, harness.Refused.Sum("reason", "country"));
    }

    [Theory]
    [InlineData("123")]
    [InlineData("abc")]
    [InlineData("9400000000000000")]
    public async Task RefuseAsync_NotAValidNumber_RefusesAsNumberRefused(string digits)
    {
        using var harness = new PolicyHarness(PolicyHarness.NoLimits());

        var result = await harness.Policy.RefuseAsync(new SmsMessage(digits, "text", "1"), CancellationToken.None);

        Assert.Equal(SmsFailureReason.NumberRefused, result?.Reason);
        Assert.Equal(1, harness.Refused.Sum("reason", "invalid_number"));
        Assert.Equal(1, harness.Refused.Sum());
    }
}
