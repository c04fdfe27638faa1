namespace Pickup.Core.Tests.Configuration;

/// <summary><c>[security] key_encryption_key</c>: 32 bytes of base64 from the environment, never shown in an error.</summary>
public sealed class KeyEncryptionKeyTests : IDisposable
{
    private const string Deployment = "conf/deployment.toml";

    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Theory]
    [InlineData("not base64 at all!", "and is not base64")]
    [InlineData("c2hvcnQta2V5", "not 9 bytes")]
    public void Load_KeyEncryptionKeyNotThirtyTwoBytesOfBase64_IsReportedAtItsKeyWithoutItsValue(string value, string problem)
    {
        _home.WriteDeployment("""
            [security]

            key_encryption_key = "${env:PICKUP_KEK}"
            """);

        var result = _home.Load(new Dictionary<string, string> { ["PICKUP_KEK"] = value });

        var error = Assert.Single(result.Errors);
        Assert.Equal(_home.At(Deployment, 3, 1), error.Location);
        Assert.Contains("'key_encryption_key' in [security] must be 32 random bytes in base64", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyEncryptionKeyOfThirtyTwoBytes_IsAccepted()
    {
        var value = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        _home.WriteDeployment("[security]\nkey_encryption_key = \"${env:PICKUP_KEK}\"");

        var result = _home.Load(new Dictionary<string, string> { ["PICKUP_KEK"] = value });

        ResultAssert.Valid(result);
        Assert.Equal(value, result.Configuration!.Deployment.Security.KeyEncryptionKey);
    }
}
