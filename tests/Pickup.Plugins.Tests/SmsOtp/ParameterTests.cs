using Microsoft.Extensions.DependencyInjection;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Sms;
using Pickup.Plugins.SmsOtp;
using Pickup.Plugins.SmsOtp.Configuration;

namespace Pickup.Plugins.Tests.SmsOtp;

public sealed class ParameterTests
{
    [Fact]
    public void Configure_ReferenceBlockAsWritten_AcceptedAndJspPagesMapToTemplates()
    {
        var factory = NewFactory();
        var table = Parameters.Of(
            ("SMSOTPAuthenticationEndpointURL", "smsotpauthenticationendpoint/smsotp.jsp"),
            ("SMSOTPAuthenticationEndpointErrorPage", "smsotpauthenticationendpoint/smsotpError.jsp"),
            ("MobileNumberRegPage", "smsotpauthenticationendpoint/mobile.jsp"),
            ("RetryEnable", true),
            ("ResendEnable", true),
            ("BackupCode", true),
            ("SMSOTPEnableByUserClaim", true),
            ("SMSOTPMandatory", false),
            ("CaptureAndUpdateMobileNumber", true),
            ("SendOTPDirectlyToMobile", false),
            ("redirectToMultiOptionPageOnFailure", false));

        factory.Configure(table);

        Assert.Empty(table.Errors);
        Assert.Equal(
            ["smsotpauthenticationendpoint/smsotp", "smsotpauthenticationendpoint/smsotpError", "smsotpauthenticationendpoint/mobile"],
            factory.Templates);
        Assert.True(factory.Options.EnableByUserClaim);
        Assert.True(factory.Options.CaptureAndUpdateMobileNumber);
        Assert.False(factory.Options.Mandatory);
    }

    [Fact]
    public void Configure_EmptyTable_UsesDocumentedDefaults()
    {
        var factory = NewFactory();
        var table = Parameters.Of();

        factory.Configure(table);

        Assert.Empty(table.Errors);
        Assert.Equal(new SmsOtpOptions(), factory.Options);
        Assert.Equal((true, true, false, 6, 300, 3, 30, 3), (
            factory.Options.RetryEnable, factory.Options.ResendEnable, factory.Options.CaptureAndUpdateMobileNumber,
            factory.Options.TokenLength, factory.Options.TokenExpirySeconds, factory.Options.MaxAttemptsPerCode,
            factory.Options.ResendCooldownSeconds, factory.Options.MaxResends));
    }

    [Fact]
    public void Configure_OwnLimits_Read()
    {
        var factory = NewFactory();
        var table = Parameters.Of(("TokenLength", 8L), ("TokenExpiryTime", 120L), ("MaxAttemptsPerCode", 5L), ("ResendCooldownSeconds", 0L), ("MaxResends", 10L));

        factory.Configure(table);

        Assert.Empty(table.Errors);
        Assert.Equal((8, 120, 5, 0, 10), (
            factory.Options.TokenLength, factory.Options.TokenExpirySeconds, factory.Options.MaxAttemptsPerCode,
            factory.Options.ResendCooldownSeconds, factory.Options.MaxResends));
    }

    [Fact]
    public void Configure_UnknownKey_RejectedAtItsLine()
    {
        var table = Parameters.Of(("RetryEnable", true), ("RetryEnabled", true));

        NewFactory().Configure(table);

        var error = Assert.Single(table.Errors);
        Assert.Equal(12, error.Location.Line);
        Assert.Contains("RetryEnabled", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RetryEnable", "yes")]
    [InlineData("TokenLength", "six")]
    [InlineData("TokenLength", 3L)]
    [InlineData("TokenLength", 11L)]
    [InlineData("TokenExpiryTime", 10L)]
    [InlineData("MaxAttemptsPerCode", 0L)]
    [InlineData("ResendCooldownSeconds", 601L)]
    [InlineData("MaxResends", 11L)]
    [InlineData("SMSOTPAuthenticationEndpointURL", true)]
    [InlineData("SMSOTPAuthenticationEndpointURL", "")]
    [InlineData("SMSOTPAuthenticationEndpointURL", "../../etc/passwd")]
    [InlineData("MobileNumberRegPage", "smsotpauthenticationendpoint/mobile page.jsp")]
    public void Configure_WrongTypeOrValue_RejectedAtItsKey(string key, object value)
    {
        var table = Parameters.Of((key, value));

        NewFactory().Configure(table);

        var error = Assert.Single(table.Errors);
        Assert.Equal(11, error.Location.Line);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("smsotpauthenticationendpoint/smsotp.jsp", "smsotpauthenticationendpoint/smsotp")]
    [InlineData("/smsotpauthenticationendpoint/smsotp.jsp", "smsotpauthenticationendpoint/smsotp")]
    [InlineData("smsotpauthenticationendpoint/smsotp.html", "smsotpauthenticationendpoint/smsotp")]
    [InlineData("smsotpauthenticationendpoint/smsotp", "smsotpauthenticationendpoint/smsotp")]
    [InlineData("https://localhost:9443/smsotpauthenticationendpoint/smsotpError.jsp?x=1", "smsotpauthenticationendpoint/smsotpError")]
    [InlineData("custom/otp-page.JSP", "custom/otp-page")]
    [InlineData("../smsotp.jsp", null)]
    [InlineData("smsotpauthenticationendpoint//smsotp.jsp", null)]
    [InlineData("", null)]
    public void FromSetting_PageValue_MapsToTemplateName(string value, string? expected)
    {
        Assert.Equal(expected, PageTemplate.FromSetting(value));
    }

    [Fact]
    public void ValidateIdentityProvider_KnownProviderAndItsKeys_AcceptedAndSenderValidates()
    {
        var sender = new FakeSmsSender();
        var idp = new IdentityProviderSettings("SMSOTP", Parameters.Of(("provider", "fake"), ("sms_url", "https://sms.example/"), ("http_method", "POST")));

        NewFactory(sender).ValidateIdentityProvider(idp);

        Assert.Empty(idp.Properties.Errors);
        Assert.Equal(1, sender.ValidateCalls);
    }

    [Fact]
    public void ValidateIdentityProvider_SenderFindsProblem_ErrorRecorded()
    {
        var idp = new IdentityProviderSettings("SMSOTP", Parameters.Of(("provider", "fake")));

        NewFactory().ValidateIdentityProvider(idp);

        Assert.Contains(idp.Properties.Errors, e => e.Message.Contains("sms_url", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateIdentityProvider_MissingProvider_Rejected()
    {
        var idp = new IdentityProviderSettings("SMSOTP", Parameters.Of(("sms_url", "https://sms.example/")));

        NewFactory().ValidateIdentityProvider(idp);

        Assert.Contains(idp.Properties.Errors, e => e.Message.Contains("'provider' is required", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateIdentityProvider_UnknownProvider_ErrorListsTheProvidersThatExist()
    {
        var idp = new IdentityProviderSettings("SMSOTP", Parameters.Of(("provider", "nexmoo")));

        NewFactory().ValidateIdentityProvider(idp);

        var error = Assert.Single(idp.Properties.Errors);
        Assert.Equal(11, error.Location.Line);
        Assert.Contains("'nexmoo'", error.Message, StringComparison.Ordinal);
        Assert.Contains("fake", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateIdentityProvider_UnknownKey_Rejected()
    {
        var idp = new IdentityProviderSettings("SMSOTP", Parameters.Of(("provider", "fake"), ("sms_url", "https://sms.example/"), ("sms_ulr", "x")));

        NewFactory().ValidateIdentityProvider(idp);

        var error = Assert.Single(idp.Properties.Errors);
        Assert.Contains("sms_ulr", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plugin_Assembly_DeclaresSmsOtpAuthenticatorAndRegistersFactoryOnce()
    {
        var attribute = Assert.Single(typeof(SmsOtpPlugin).Assembly.GetCustomAttributes(typeof(Abstractions.Plugins.PickupPluginAttribute), false)
            .Cast<Abstractions.Plugins.PickupPluginAttribute>());
        var services = new ServiceCollection();

        new SmsOtpPlugin().ConfigureServices(services);
        new SmsOtpPlugin().ConfigureServices(services);

        Assert.Equal(typeof(SmsOtpPlugin), attribute.StartupType);
        Assert.Equal(["sms_otp"], attribute.Authenticators);
        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(IAuthenticatorFactory));
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
    }

    [Fact]
    public void Factory_IdAndDisplayName_AreTheContractValues()
    {
        var factory = NewFactory();

        Assert.Equal("sms_otp", factory.Id);
        Assert.Equal("SMS one-time code", factory.DisplayName);
    }

    private static SmsOtpAuthenticatorFactory NewFactory(ISmsSender? sender = null) =>
        new([sender ?? new FakeSmsSender()]);
}
