using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.SmsOtp;

/// <summary>Wrong sms_otp parameters stop the engine at start-up with the file, line and key.</summary>
public sealed class SmsOtpStartupTests
{
    [Theory]
    [InlineData("SMSOTPAuthenticationEndpointURL", "smsotpauthenticationendpoint/otp.jsp", "smsotpauthenticationendpoint/otp")]
    [InlineData("SMSOTPAuthenticationEndpointErrorPage", "smsotpauthenticationendpoint/oops.jsp", "smsotpauthenticationendpoint/oops")]
    [InlineData("MobileNumberRegPage", "smsotpauthenticationendpoint/phone.jsp", "smsotpauthenticationendpoint/phone")]
    public async Task Start_PageNamingMissingTemplate_RefusedNamingTheTemplate(string key, string value, string template)
    {
        var errors = await StartWithAsync(key, $"\"{value}\"");

        Assert.Contains(errors, e => e.Contains($"'{template}'", StringComparison.Ordinal) && e.Contains("deployment.toml", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("TokenLength", "12")]
    [InlineData("TokenExpiryTime", "5")]
    [InlineData("EnableAlphanumericToken", "\"sometimes\"")]
    [InlineData("MaximumResendAttempts", "-1")]
    [InlineData("ResendCooldown", "601")]
    [InlineData("MaxAttemptsPerCode", "0")]
    [InlineData("EnableAccountLockingForFailedAttempts", "\"yes\"")]
    [InlineData("MaskMobileNumber", "1")]
    [InlineData("SmsMessageTemplate", "\"Your code is ready\"")]
    [InlineData("SmsMessageTemplate", "\"{{ code }} {{ end }}\"")]
    [InlineData("DefaultRegion", "\"Lanka\"")]
    [InlineData("RetryEnable", "\"no\"")]
    [InlineData("MaxResends", "3")]
    public async Task Start_WrongParameterValue_RefusedAtItsLineNamingTheKey(string key, string value)
    {
        var errors = await StartWithAsync(key, value);

        Assert.Contains(errors, e => e.Contains(key, StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(e, @"deployment\.toml:\d+:\d+"));
    }

    private static async Task<IReadOnlyList<string>> StartWithAsync(string key, string value)
    {
        using var home = new TestHome("http://127.0.0.1:1/sms/json?to=$ctx.num&text=$ctx.msg");
        var set = new ParameterSet("start-up", new Dictionary<string, string> { [key] = value }, ParameterSet.Expect("", "", "", "", ""));
        SmsOtpHome.Configure(home, set);
        var result = await EngineServer.BuildAsync(home, withTestPlugins: true);
        if (result.App is not null)
        {
            await result.App.DisposeAsync();
        }

        Assert.Null(result.App);
        return result.Errors.Select(e => e.ToString()).ToList();
    }
}
