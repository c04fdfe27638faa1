using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Credentials;
using Pickup.Abstractions.Users;

namespace Pickup.Core.Tests.Sdk;

/// <summary>The SDK's small value types keep the text and equality error messages and tests rely on.</summary>
public sealed class SdkValueTests
{
    [Fact]
    public void SourceLocation_Prints_FileLineColumn() =>
        Assert.Equal("conf/deployment.toml:12:3", new SourceLocation("conf/deployment.toml", 12, 3).ToString());

    [Fact]
    public void SourceLocation_SameFileLineColumn_AreEqual()
    {
        var a = new SourceLocation("conf/deployment.toml", 12, 3);
        var b = new SourceLocation("conf/deployment.toml", 12, 3);

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new SourceLocation("conf/deployment.toml", 12, 4));
        Assert.NotEqual(a, new SourceLocation("conf/Deployment.toml", 12, 3));
    }

    [Fact]
    public void ConfigurationError_Prints_LocationThenMessage()
    {
        var error = new ConfigurationError(new SourceLocation("conf/deployment.toml", 4, 1), "'port' must be a whole number");

        Assert.Equal("conf/deployment.toml:4:1: 'port' must be a whole number", error.ToString());
        Assert.Equal(new ConfigurationError(new SourceLocation("conf/deployment.toml", 4, 1), "'port' must be a whole number"), error);
        Assert.NotEqual(new ConfigurationError(error.Location, "another problem"), error);
    }

    [Fact]
    public void ParameterValue_Secret_IsMaskedWhenPrinted()
    {
        var location = new SourceLocation("conf/deployment.toml", 7, 1);

        Assert.Equal("*** (conf/deployment.toml:7:1)", new ParameterValue { Value = "s3cret", Location = location, IsSecret = true }.ToString());
        Assert.Equal("8080 (conf/deployment.toml:7:1)", new ParameterValue { Value = 8080L, Location = location }.ToString());
    }

    [Fact]
    public void PasswordCheck_SameStatusAndUser_AreEqual()
    {
        var alex = new DirectoryUser { Id = "u-alex", Username = "alex", Claims = new Dictionary<string, string>(), Permissions = new HashSet<string>() };

        Assert.Equal(new PasswordCheck(PasswordCheckStatus.Failed, null), new PasswordCheck(PasswordCheckStatus.Failed, null));
        Assert.Equal(new PasswordCheck(PasswordCheckStatus.Succeeded, alex), new PasswordCheck(PasswordCheckStatus.Succeeded, alex));
        Assert.NotEqual(new PasswordCheck(PasswordCheckStatus.Failed, null), new PasswordCheck(PasswordCheckStatus.Locked, null));
    }

    [Theory]
    [InlineData("", "secret")]
    [InlineData("acme_pin", "")]
    public void CredentialDraft_EmptyTypeOrSecret_IsRefused(string type, string secret) =>
        Assert.ThrowsAny<ArgumentException>(() => new CredentialDraft { Type = type, Secret = secret, SecretKind = CredentialSecretKind.Hashed });
}
