using Pickup.Abstractions.Configuration;

namespace Pickup.Core.Tests.Configuration;

public sealed class ReferenceBlockTests : IDisposable
{
    // The block from the reference guide, byte for byte: odd spacing and trailing blanks included.
    private static readonly string ReferenceBlock = string.Join('\n',
        "[authentication.authenticator.sms_otp] ",
        "name =\"SMSOTP\"",
        "enable=true",
        "",
        "[authentication.authenticator.sms_otp.parameters]",
        "SMSOTPAuthenticationEndpointURL= \"smsotpauthenticationendpoint/smsotp.jsp\"",
        "SMSOTPAuthenticationEndpointErrorPage= \"smsotpauthenticationendpoint/smsotpError.jsp\"",
        "MobileNumberRegPage = \"smsotpauthenticationendpoint/mobile.jsp\"",
        "RetryEnable = true",
        "ResendEnable = true",
        "BackupCode = true",
        "SMSOTPEnableByUserClaim = true",
        "SMSOTPMandatory = false",
        "CaptureAndUpdateMobileNumber = true",
        "SendOTPDirectlyToMobile = false",
        "redirectToMultiOptionPageOnFailure = false",
        "");

    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Load_ReferenceBlockAsWritten_YieldsEnabledSmsOtpAuthenticator()
    {
        _home.WriteDeployment(ReferenceBlock);

        var configuration = ResultAssert.Valid(_home.Load());

        var authenticator = Assert.Single(configuration.Authenticators);
        Assert.Equal("sms_otp", authenticator.Id);
        Assert.Equal("SMSOTP", authenticator.Name);
        Assert.True(authenticator.Enable);
        Assert.Equal(_home.At("conf/deployment.toml", 1, 31), authenticator.Location);
    }

    [Fact]
    public void Load_ReferenceBlockAsWritten_KeepsEveryParameterWithItsTypeAndPosition()
    {
        _home.WriteDeployment(ReferenceBlock);

        var parameters = ResultAssert.Valid(_home.Load()).Authenticators[0].Parameters;

        var expected = new (string Key, object Value, int Line)[]
        {
            ("SMSOTPAuthenticationEndpointURL", "smsotpauthenticationendpoint/smsotp.jsp", 6),
            ("SMSOTPAuthenticationEndpointErrorPage", "smsotpauthenticationendpoint/smsotpError.jsp", 7),
            ("MobileNumberRegPage", "smsotpauthenticationendpoint/mobile.jsp", 8),
            ("RetryEnable", true, 9),
            ("ResendEnable", true, 10),
            ("BackupCode", true, 11),
            ("SMSOTPEnableByUserClaim", true, 12),
            ("SMSOTPMandatory", false, 13),
            ("CaptureAndUpdateMobileNumber", true, 14),
            ("SendOTPDirectlyToMobile", false, 15),
            ("redirectToMultiOptionPageOnFailure", false, 16),
        };
        Assert.Equal(expected.Select(e => e.Key).Order(StringComparer.Ordinal), parameters.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, value, line) in expected)
        {
            Assert.True(parameters.TryGetValue(key, out var actual));
            Assert.Equal(value, actual.Value);
            Assert.Equal(_home.At("conf/deployment.toml", line, 1), actual.Location);
            Assert.False(actual.IsSecret);
        }

        Assert.Equal(_home.At("conf/deployment.toml", 5, 39), parameters.TableLocation);
    }

    [Fact]
    public void Load_ReferenceBlock_PluginReadsParametersWithoutErrors()
    {
        _home.WriteDeployment(ReferenceBlock);
        var parameters = ResultAssert.Valid(_home.Load()).Authenticators[0].Parameters;

        Assert.Equal("smsotpauthenticationendpoint/smsotp.jsp", parameters.GetRequiredString("SMSOTPAuthenticationEndpointURL"));
        Assert.True(parameters.GetBoolean("BackupCode", false));
        Assert.False(parameters.GetBoolean("SMSOTPMandatory", true));
        Assert.Empty(parameters.Errors);
    }

    [Fact]
    public void Load_ParametersOfEveryKind_BecomeStringBoolLongDoubleOrList()
    {
        _home.WriteDeployment("""
            [authentication.authenticator.x]
            name = "X"
            [authentication.authenticator.x.parameters]
            text = "a"
            flag = true
            count = 42
            ratio = 0.5
            list = ["a", 2, false]
            """);

        var parameters = ResultAssert.Valid(_home.Load()).Authenticators[0].Parameters;

        Assert.Equal("a", Value(parameters, "text"));
        Assert.Equal(true, Value(parameters, "flag"));
        Assert.Equal(42L, Value(parameters, "count"));
        Assert.Equal(0.5, Value(parameters, "ratio"));
        var list = Assert.IsAssignableFrom<IReadOnlyList<object>>(Value(parameters, "list"));
        Assert.Equal(new object[] { "a", 2L, false }, list);
    }

    [Fact]
    public void Load_ParameterThatIsADateOrTable_IsAnErrorAtItsKey()
    {
        _home.WriteDeployment("""
            [authentication.authenticator.x]
            name = "X"
            [authentication.authenticator.x.parameters]
            when = 1979-05-27
            nested = { a = 1 }
            """);

        var result = _home.Load();

        ResultAssert.HasError(result, _home.At("conf/deployment.toml", 4, 1), "'when'", "a date");
        ResultAssert.HasError(result, _home.At("conf/deployment.toml", 5, 1), "'nested'", "a table");
        Assert.Equal(2, result.Errors.Count);
    }

    private static object Value(PluginParameters parameters, string key)
    {
        Assert.True(parameters.TryGetValue(key, out var value), $"missing {key}");
        return value.Value;
    }
}
