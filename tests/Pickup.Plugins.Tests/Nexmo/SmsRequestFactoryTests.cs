using Pickup.Plugins.Nexmo;
using Pickup.Sms.Contracts;

namespace Pickup.Plugins.Tests.Nexmo;

public sealed class SmsRequestFactoryTests
{
    [Fact]
    public void Substitute_MessageContainingAPlaceholder_IsNotExpandedTwice()
    {
        var message = new SmsMessage("94778888888", "literal $ctx.otp here", "482913");

        var result = SmsRequestFactory.Substitute("num=$ctx.num&msg=$ctx.msg&otp=$ctx.otp", message, value => value);

        Assert.Equal("num=94778888888&msg=literal $ctx.otp here&otp=482913", result);
    }

    [Fact]
    public void Substitute_UrlEncoder_EncodesReservedCharacters()
    {
        var message = new SmsMessage("94778888888", "a&b=c d+e/?#", "482913");

        var result = SmsRequestFactory.Substitute("text=$ctx.msg", message, Uri.EscapeDataString);

        Assert.Equal("text=a%26b%3Dc%20d%2Be%2F%3F%23", result);
    }
}
