using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pickup.Abstractions.Authentication;
using Pickup.Plugins.SmsOtp;
using Pickup.Plugins.SmsOtp.Configuration;
using Pickup.Plugins.SmsOtp.Pages;
using Pickup.Sms.Contracts;

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
    public void Pages_RenamedCodePage_DeclaredWithEachPagesModel()
    {
        var factory = NewFactory();
        var table = Parameters.Of(("SMSOTPAuthenticationEndpointURL", "smsotpauthenticationendpoint/code.jsp"));

        factory.Configure(table);

        Assert.Empty(table.Errors);
        Assert.Equal(
            [
                ("smsotpauthenticationendpoint/code", typeof(SmsOtpPageModel)),
                ("smsotpauthenticationendpoint/smsotpError", typeof(SmsOtpErrorPageModel)),
                ("smsotpauthenticationendpoint/mobile", typeof(MobilePageModel)),
            ],
            factory.Pages.Select(p => (p.Template, p.ModelType)));
        Assert.Equal(factory.Templates, factory.Pages.Select(p => p.Template));
    }

    [Fact]
    public void Configure_EmptyTable_UsesDocumentedDefaults()
    {
        var factory = NewFactory();
        var table = Parameters.Of();

        factory.Configure(table);

        Assert.Empty(table.Errors);
        var o = factory.Options;
        Assert.Equal(new SmsOtpOptions(), o);
        Assert.Equal(
            ("smsotpauthenticationendpoint/smsotp", "smsotpauthenticationendpoint/smsotpError", "smsotpauthenticationendpoint/mobile"),
            (o.CodePage, o.ErrorPage, o.MobilePage));
        Assert.Equal((true, true, false, false, false, false, false, false), (
            o.RetryEnable, o.ResendEnable, o.BackupCode, o.EnableByUserClaim, o.Mandatory, o.CaptureAndUpdateMobileNumber,
            o.SendOtpDirectlyToMobile, o.RedirectToMultiOptionPageOnFailure));
        Assert.Equal((6, 300, false, 3, 30, 5, true, true, string.Empty), (
            o.TokenLength, o.TokenExpirySeconds, o.AlphanumericToken, o.MaximumResendAttempts, o.ResendCooldownSeconds,
            o.MaxAttemptsPerCode, o.AccountLocking, o.MaskMobileNumber, o.DefaultRegion));
        Assert.Equal("Your Pickup code is {{ code }}", o.Message.Text);
    }

    [Fact]
    public void Configure_PickupsOwnParameters_Read()
    {
        var factory = NewFactory();
        var table = Parameters.Of(
            ("TokenLength", 8L), ("TokenExpiryTime", 120L), ("EnableAlphanumericToken", true), ("MaximumResendAttempts", 10L),
            ("ResendCooldown", 0L), ("MaxAttemptsPerCode", 2L), ("EnableAccountLockingForFailedAttempts", false),
            ("MaskMobileNumber", false), ("SmsMessageTemplate", "{{ app }}: {{ code }}"), ("DefaultRegion", "lk"));

        factory.Configure(table);

        Assert.Empty(table.Errors);
        var o = factory.Options;
        Assert.Equal((8, 120, true, 10, 0, 2, false, false, "LK", "{{ app }}: {{ code }}"), (
            o.TokenLength, o.TokenExpirySeconds, o.AlphanumericToken, o.MaximumResendAttempts, o.ResendCooldownSeconds,
            o.MaxAttemptsPerCode, o.AccountLocking, o.MaskMobileNumber, o.DefaultRegion, o.Message.Text));
    }

    [Theory]
    [InlineData("MaxResends")]
    [InlineData("ResendCooldownSeconds")]
    public void Configure_OldNamesOfRenamedParameters_RejectedNamingTheKnownKeys(string key)
    {
        var table = Parameters.Of((key, 3L));

        NewFactory().Configure(table);

        var error = Assert.Single(table.Errors);
        Assert.Contains($"unknown key '{key}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaximumResendAttempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("ResendCooldown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_SendDirectlyWithoutMandatory_AcceptedWithWarning()
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        var factory = new SmsOtpAuthenticatorFactory([new FakeSmsSender()], loggerFactory.CreateLogger<SmsOtpAuthenticatorFactory>());
        var table = Parameters.Of(("SendOTPDirectlyToMobile", true), ("SMSOTPMandatory", false));

        factory.Configure(table);

        Assert.Empty(table.Errors);
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("SMSOTPMandatory", StringComparison.Ordinal));
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
    [InlineData("TokenExpiryTime", 3601L)]
    [InlineData("ResendCooldown", 601L)]
    [InlineData("ResendCooldown", -1L)]
    [InlineData("MaximumResendAttempts", 11L)]
    [InlineData("MaxAttemptsPerCode", 11L)]
    [InlineData("EnableAlphanumericToken", "maybe")]
    [InlineData("EnableAccountLockingForFailedAttempts", 1L)]
    [InlineData("MaskMobileNumber", "no")]
    [InlineData("BackupCode", "on")]
    [InlineData("SMSOTPMandatory", 0L)]
    [InlineData("DefaultRegion", "Sri Lanka")]
    [InlineData("DefaultRegion", "XX")]
    [InlineData("DefaultRegion", true)]
    [InlineData("SmsMessageTemplate", "Your code is {{ code }} {{ end }}")]
    [InlineData("SmsMessageTemplate", "Your code is on its way")]
    [InlineData("SmsMessageTemplate", "Code{{ code }}")]
    [InlineData("SmsMessageTemplate", "{{ driver }} {{ code }}")]
    [InlineData("SmsMessageTemplate", 5L)]
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
        var idp = new IdentityProviderSettings
        {
            Name = "SMSOTP",
            Properties = Parameters.Of(("provider", "fake"), ("sms_url", "https://sms.example/"), ("http_method", "POST")),
        };

        NewFactory(sender).ValidateIdentityProvider(idp);

        Assert.Empty(idp.Properties.Errors);
        Assert.Equal(1, sender.ValidateCalls);
    }

    [Fact]
    public void ValidateIdentityProvider_SenderFindsProblem_ErrorRecorded()
    {
        var idp = new IdentityProviderSettings { Name = "SMSOTP", Properties = Parameters.Of(("provider", "fake")) };

        NewFactory().ValidateIdentityProvider(idp);

        Assert.Contains(idp.Properties.Errors, e => e.Message.Contains("sms_url", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateIdentityProvider_MissingProvider_Rejected()
    {
        var idp = new IdentityProviderSettings { Name = "SMSOTP", Properties = Parameters.Of(("sms_url", "https://sms.example/")) };

        NewFactory().ValidateIdentityProvider(idp);

        Assert.Contains(idp.Properties.Errors, e => e.Message.Contains("'provider' is required", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateIdentityProvider_UnknownProvider_ErrorListsTheProvidersThatExist()
    {
        var idp = new IdentityProviderSettings { Name = "SMSOTP", Properties = Parameters.Of(("provider", "nexmoo")) };

        NewFactory().ValidateIdentityProvider(idp);

        var error = Assert.Single(idp.Properties.Errors);
        Assert.Equal(11, error.Location.Line);
        Assert.Contains("'nexmoo'", error.Message, StringComparison.Ordinal);
        Assert.Contains("fake", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateIdentityProvider_UnknownKey_Rejected()
    {
        var idp = new IdentityProviderSettings
        {
            Name = "SMSOTP",
            Properties = Parameters.Of(("provider", "fake"), ("sms_url", "https://sms.example/"), ("sms_ulr", "x")),
        };

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
