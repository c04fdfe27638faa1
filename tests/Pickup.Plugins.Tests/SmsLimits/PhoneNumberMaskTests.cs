using Pickup.Sms.Contracts;

namespace Pickup.Plugins.Tests.SmsLimits;

/// <summary>The one masking of phone numbers the code page, the logs and the audit trail share.</summary>
public sealed class PhoneNumberMaskTests
{
    [Theory]
    [InlineData("94778888888", "*******8888")]
    [InlineData("447700900123", "*******0123")]
    [InlineData("12345", "*******2345")]
    public void Mask_Number_ShowsTheLastFourBehindAFixedWidthMask(string digits, string masked) =>
        Assert.Equal(masked, PhoneNumberMask.Mask(digits));

    [Theory]
    [InlineData("1234")]
    [InlineData("12")]
    [InlineData("")]
    public void Mask_FourDigitsOrFewer_ShowsNoDigit(string digits) =>
        Assert.Equal("*******", PhoneNumberMask.Mask(digits));
}
