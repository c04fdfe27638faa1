using Pickup.Plugins.SmsOtp.Phones;

namespace Pickup.Plugins.Tests.SmsOtp;

public sealed class PhoneNumberNormalizerTests
{
    [Theory]
    [InlineData("+94 77 888 8888")]
    [InlineData("94-778-888888")]
    [InlineData("94778888888")]
    [InlineData("+94 (77) 888.8888")]
    [InlineData("  +94778888888  ")]
    public void Normalize_TypedForms_BecomeCountryCodeAndDigits(string input)
    {
        Assert.Equal("94778888888", PhoneNumberNormalizer.Normalize(input));
    }

    [Fact]
    public void Normalize_ItalianLeadingZero_IsKept()
    {
        Assert.Equal("390612345678", PhoneNumberNormalizer.Normalize("+39 06 1234 5678"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12")]
    [InlineData("+94 77")]
    [InlineData("947788888889999999")]
    [InlineData("+94 77 CALL ME")]
    [InlineData("94778888888; drop")]
    [InlineData("++94778888888")]
    public void TryNormalize_NotAPossibleNumber_IsRefusedWithReason(string input)
    {
        var ok = PhoneNumberNormalizer.TryNormalize(input, out var normalized, out var problem);

        Assert.False(ok);
        Assert.Null(normalized);
        Assert.False(string.IsNullOrWhiteSpace(problem));
    }

    [Fact]
    public void Normalize_Invalid_ThrowsArgumentExceptionNamingTheProblem()
    {
        var exception = Assert.Throws<ArgumentException>(() => PhoneNumberNormalizer.Normalize("12"));

        Assert.Contains("mobile number", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+999 1234 5678", "country code")]
    [InlineData("+94 7", "too short")]
    [InlineData("+94 7788 8888 8888 8888", "too long")]
    [InlineData("+94 77 888", "too short")]
    [InlineData("abc", "only digits")]
    public void TryNormalize_Refused_SaysWhy(string input, string reason)
    {
        PhoneNumberNormalizer.TryNormalize(input, out _, out var problem);

        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }
}
