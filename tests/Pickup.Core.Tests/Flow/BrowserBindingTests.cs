using Pickup.Core.Flow;

namespace Pickup.Core.Tests.Flow;

/// <summary>The cookie that ties a login attempt to the browser that started it.</summary>
public sealed class BrowserBindingTests
{
    [Fact]
    public void Matches_CookieTheAttemptWasBoundTo_ReturnsTrue()
    {
        var cookie = BrowserBinding.NewValue();

        Assert.True(BrowserBinding.Matches(Bound(cookie), cookie));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("another-cookie")]
    public void Matches_AnyOtherCookie_ReturnsFalse(string? other)
    {
        Assert.False(BrowserBinding.Matches(Bound(BrowserBinding.NewValue()), other));
    }

    [Fact]
    public void Matches_CookieDifferingInOneCharacter_ReturnsFalse()
    {
        var cookie = BrowserBinding.NewValue();
        var flipped = (cookie[0] == 'A' ? 'B' : 'A') + cookie[1..];

        Assert.False(BrowserBinding.Matches(Bound(cookie), flipped));
    }

    [Fact]
    public void Matches_AttemptBoundToEmptyCookie_RefusesEmptyCookie()
    {
        Assert.False(BrowserBinding.Matches(Bound(string.Empty), string.Empty));
    }

    [Fact]
    public void Hash_SameCookie_SameUrlSafeValueThatIsNotTheCookie()
    {
        var cookie = BrowserBinding.NewValue();

        var hash = BrowserBinding.Hash(cookie);

        Assert.Equal(hash, BrowserBinding.Hash(cookie));
        Assert.NotEqual(cookie, hash);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", hash);
    }

    [Fact]
    public void NewValueAndNewSessionDataKey_EachCall_Fresh256BitUrlSafeValues()
    {
        var values = Enumerable.Range(0, 50).SelectMany(_ => new[] { BrowserBinding.NewValue(), BrowserBinding.NewSessionDataKey() }).ToList();

        Assert.All(values, v => Assert.Matches("^[A-Za-z0-9_-]{43}$", v));
        Assert.Equal(values.Count, values.Distinct(StringComparer.Ordinal).Count());
    }

    private static LoginAttempt Bound(string cookie) => new()
    {
        SessionDataKey = BrowserBinding.NewSessionDataKey(),
        BrowserBinding = BrowserBinding.Hash(cookie),
        ServiceProvider = "sp",
        ClientId = "client",
        AuthorizeParameters = [],
        CreatedAt = DateTimeOffset.UnixEpoch,
        ExpiresAt = DateTimeOffset.UnixEpoch.AddMinutes(15),
    };
}
