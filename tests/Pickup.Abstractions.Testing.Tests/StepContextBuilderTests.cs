using Pickup.Abstractions.Testing.Authentication;

namespace Pickup.Abstractions.Testing.Tests;

public sealed class StepContextBuilderTests
{
    [Fact]
    public void ContextsOfOneBuilder_ShareTheStepState_AsRequestsOfOneAttemptDo()
    {
        var step = new StepContextBuilder().WithUser("user-1", "alex").ForStep(2).WithOtherOptions();

        var first = step.Build();
        first.State["sent"] = "yes";
        var second = step.Build();

        Assert.Equal("yes", second.State["sent"]);
        Assert.Equal(2, second.StepNumber);
        Assert.Equal("alex", second.User?.Username);
        Assert.True(second.HasOtherOptions);
        Assert.Null(second.IdentityProvider);
    }

    [Fact]
    public void IdentityProvider_PropertiesReadWithLocations()
    {
        var context = new StepContextBuilder()
            .WithIdentityProvider("SMSOTP", new Dictionary<string, object> { ["provider"] = "outbox", ["timeout"] = "x" })
            .Build();

        var properties = context.IdentityProvider!.Properties;
        Assert.Equal("outbox", properties.GetString("provider", ""));
        properties.GetInt32("timeout", 10);
        var error = Assert.Single(properties.Errors);
        Assert.Equal("conf/identity-providers/SMSOTP.toml:4:1: 'timeout' must be a whole number", error.ToString());
    }
}
