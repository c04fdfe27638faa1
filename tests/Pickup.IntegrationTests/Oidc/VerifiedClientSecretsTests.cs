using Pickup.Host.Oidc;

namespace Pickup.IntegrationTests.Oidc;

/// <summary>The memory of client secrets already checked: it only ever confirms the exact secret for the exact stored hash.</summary>
public sealed class VerifiedClientSecretsTests
{
    [Fact]
    public void Matches_OnlyTheRememberedSecret_ForTheHashItMatched()
    {
        var verified = new VerifiedClientSecrets();
        Assert.False(verified.Matches("stored-hash-1", "secret"));

        verified.Remember("stored-hash-1", "secret");

        Assert.True(verified.Matches("stored-hash-1", "secret"));
        Assert.False(verified.Matches("stored-hash-1", "secret "));
        Assert.False(verified.Matches("stored-hash-1", "Secret"));
        Assert.False(verified.Matches("stored-hash-2", "secret"));
    }
}
