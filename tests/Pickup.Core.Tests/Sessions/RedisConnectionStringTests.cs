using Pickup.Core.Sessions;

namespace Pickup.Core.Tests.Sessions;

public sealed class RedisConnectionStringTests
{
    [Theory]
    [InlineData("redis:6379,password=hunter2", "redis:6379,password=*****")]
    [InlineData("redis:6379,user=pickup,Password = hunter2,ssl=true", "redis:6379,user=pickup,password=*****,ssl=true")]
    [InlineData("password=hunter2,redis:6379", "password=*****,redis:6379")]
    [InlineData("redis:6379", "redis:6379")]
    public void Mask_HidesThePasswordOnly(string connection, string shown) =>
        Assert.Equal(shown, RedisConnectionString.Mask(connection));

    [Fact]
    public void Mask_MessageQuotingThePasswordAlone_HidesItToo()
    {
        var masked = RedisConnectionString.Mask("AUTH failed for hunter2 on redis:6379", "redis:6379,password=hunter2");

        Assert.Equal("AUTH failed for ***** on redis:6379", masked);
    }

    [Fact]
    public void TryParse_AuthAndTls_AreTaken()
    {
        Assert.True(RedisConnectionString.TryParse("redis.internal:6380,user=pickup,password=hunter2,ssl=true", out var options, out var problem));
        Assert.Null(problem);
        Assert.Equal("pickup", options!.User);
        Assert.Equal("hunter2", options.Password);
        Assert.True(options.Ssl);
    }

    [Fact]
    public void TryParse_UnknownOption_SaysSoWithoutThePassword()
    {
        Assert.False(RedisConnectionString.TryParse("redis:6379,password=hunter2,passwrd=hunter2", out _, out var problem));
        Assert.NotNull(problem);
        Assert.DoesNotContain("hunter2", problem, StringComparison.Ordinal);
    }
}
