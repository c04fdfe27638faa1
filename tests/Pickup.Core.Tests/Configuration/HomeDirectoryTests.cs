using Pickup.Core.Configuration;

namespace Pickup.Core.Tests.Configuration;

public sealed class HomeDirectoryTests
{
    [Fact]
    public void Resolve_ExplicitHome_WinsOverTheEnvironmentAndIsMadeFull()
    {
        var home = HomeDirectory.Resolve("some/home", _ => "/from/env");

        Assert.Equal(Path.GetFullPath("some/home"), home);
    }

    [Fact]
    public void Resolve_NoExplicitHome_UsesPickupHome()
    {
        var home = HomeDirectory.Resolve(null, name => name == "PICKUP_HOME" ? "/srv/pickup" : null);

        Assert.Equal(Path.GetFullPath("/srv/pickup"), home);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Resolve_NeitherGiven_UsesTheCurrentDirectory(string? pickupHome)
    {
        var home = HomeDirectory.Resolve(" ", _ => pickupHome);

        Assert.Equal(Path.GetFullPath(Environment.CurrentDirectory), home);
    }
}
