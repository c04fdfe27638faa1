using Pickup.Abstractions.Configuration;
using Pickup.Plugins.SmsOtp;
using Pickup.Plugins.SmsOtp.Limits;
using Pickup.Testing;

namespace Pickup.Plugins.Tests.SmsLimits;

/// <summary>
/// <c>[security.sms_limits]</c>, read by the plugin from the table the engine hands it: the keys, defaults and
/// messages administrators had when the engine read it.
/// </summary>
public sealed class SmsLimitsOptionsTests
{
    [Fact]
    public void Read_EmptyTable_HasEveryLimitOnByDefault()
    {
        var table = TestParameters.From();

        var limits = SmsLimitsOptions.Read(table);

        Assert.Empty(table.Errors);
        Assert.Equal(600, limits.WindowSeconds);
        Assert.Equal(3, limits.PerNumber);
        Assert.Equal(5, limits.PerUser);
        Assert.Equal(20, limits.PerIp);
        Assert.Equal(10000, limits.DailyBudget);
        Assert.Empty(limits.AllowedCountries);
        Assert.Equal(["PREMIUM_RATE", "SHARED_COST", "UAN", "VOIP"], limits.BlockedNumberTypes);
    }

    [Fact]
    public void Read_EveryKey_IsTaken()
    {
        var table = TestParameters.From(
            ("window_seconds", 60), ("per_number", 0), ("per_user", 1), ("per_ip", 2), ("daily_budget", 3),
            ("allowed_countries", new[] { "LK", "GB" }), ("blocked_number_types", new[] { "PREMIUM_RATE", "MOBILE", "TOLL_FREE" }));

        var limits = SmsLimitsOptions.Read(table);

        Assert.Empty(table.Errors);
        Assert.Equal((60, 0, 1, 2, 3), (limits.WindowSeconds, limits.PerNumber, limits.PerUser, limits.PerIp, limits.DailyBudget));
        Assert.Equal(["LK", "GB"], limits.AllowedCountries);
        Assert.Equal(["PREMIUM_RATE", "MOBILE", "TOLL_FREE"], limits.BlockedNumberTypes);
    }

    [Theory]
    [InlineData("per_ip", -1, "'per_ip' in [security.sms_limits] must be 0 (off) or more, not -1")]
    [InlineData("daily_budget", -5, "'daily_budget' in [security.sms_limits] must be 0 (off) or more, not -5")]
    [InlineData("window_seconds", 0, "'window_seconds' in [security.sms_limits] must be at least 1, not 0")]
    [InlineData("per_number", "3", "'per_number' in [security.sms_limits] must be a whole number")]
    public void Read_BadCount_IsReportedAtItsKey(string key, object value, string message)
    {
        var table = TestParameters.From((key, value));

        SmsLimitsOptions.Read(table);

        var error = Assert.Single(table.Errors);
        Assert.Equal(new SourceLocation(TestParameters.File, 2, 1), error.Location);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("allowed_countries", "lk", "'allowed_countries' in [security.sms_limits] must hold two-letter upper-case ISO 3166 codes such as \"LK\", not \"lk\"")]
    [InlineData("allowed_countries", "LKA", "not \"LKA\"")]
    [InlineData("blocked_number_types", "PREMIUM", "'blocked_number_types' in [security.sms_limits] has \"PREMIUM\", which is not one of:")]
    public void Read_BadListItem_IsReportedAtItsKey(string key, string item, string fragment)
    {
        var table = TestParameters.From((key, new[] { item }));

        SmsLimitsOptions.Read(table);

        Assert.Contains(fragment, Assert.Single(table.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ListWrittenAsString_SaysItMustBeAList()
    {
        var table = TestParameters.From(("allowed_countries", "LK"));

        SmsLimitsOptions.Read(table);

        Assert.Equal("'allowed_countries' in [security.sms_limits] must be a list of strings", Assert.Single(table.Errors).Message);
    }

    [Fact]
    public void Read_UnknownKey_NamesTheTableAndTheKeysItHas()
    {
        var table = TestParameters.From(("per_phone", 1));

        SmsLimitsOptions.Read(table);

        Assert.Equal(
            "unknown key 'per_phone' in [security.sms_limits]; expected one of: allowed_countries, blocked_number_types, daily_budget, per_ip, per_number, per_user, window_seconds",
            Assert.Single(table.Errors).Message);
    }

    [Fact]
    public void Describe_DeclaresTheTableAndTheAuditEventsItWrites()
    {
        var contributions = new Pickup.Abstractions.Plugins.PluginContributions();

        new SmsOtpPlugin().Describe(contributions);

        Assert.Equal([SmsLimitsOptions.Section], contributions.ConfigurationSections.Select(s => s.Path));
        Assert.Equal(["user.backup_codes.issued", "code.sent", "code.send.failed", "code.verified"], contributions.AuditEvents.Select(a => a.Type));
    }
}
