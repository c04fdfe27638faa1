using System.Net;
using Pickup.Abstractions.Limits;
using Pickup.Core.Security;

namespace Pickup.Core.Tests.Security;

/// <summary>Per-address limits count an IPv6 client by its /64, IPv4 (mapped or not) by its address.</summary>
public sealed class ClientAddressKeyTests
{
    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:eeee:dddd:cccc", "2001:db8:1:2::/64")]
    [InlineData("203.0.113.5", "203.0.113.5")]
    [InlineData("::ffff:203.0.113.5", "203.0.113.5")]
    [InlineData("::1", "::/64")]
    public void For_Address_IsItsKey(string address, string expected) =>
        Assert.Equal(expected, ClientAddressKey.For(IPAddress.Parse(address)));

    [Fact]
    public void For_TwoAddressesInOneSlash64_ShareAKey_AndAnotherSlash64DoesNot()
    {
        Assert.Equal(ClientAddressKey.For("2001:db8:0:7::a"), ClientAddressKey.For("2001:db8:0:7:1234::b"));
        Assert.NotEqual(ClientAddressKey.For("2001:db8:0:7::a"), ClientAddressKey.For("2001:db8:0:8::a"));
        Assert.NotEqual(ClientAddressKey.For("203.0.113.5"), ClientAddressKey.For("203.0.113.6"));
    }

    [Fact]
    public void For_NoAddress_IsNull_AndTextThatIsNoAddressStaysAsIs()
    {
        Assert.Null(ClientAddressKey.For((IPAddress?)null));
        Assert.Null(ClientAddressKey.For((string?)null));
        Assert.Equal("unix-socket", ClientAddressKey.For("unix-socket"));
    }
}
