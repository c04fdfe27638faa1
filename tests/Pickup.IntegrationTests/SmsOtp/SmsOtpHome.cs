using System.Globalization;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.SmsOtp;

/// <summary>
/// The configuration the parameter table runs against: the reference's sms_otp block with one parameter set's
/// changes, and Pickup Dispatch logging in with password, then a "confirm" pause (the fixture plugin), then SMS OTP.
/// The pause is where a test locks or deletes the user between the password and the SMS step.
/// </summary>
internal static class SmsOtpHome
{
    /// <summary>The reference block, in its order (TestHome writes the same).</summary>
    public static readonly (string Key, string Value)[] Reference =
    [
        ("SMSOTPAuthenticationEndpointURL", "\"smsotpauthenticationendpoint/smsotp.jsp\""),
        ("SMSOTPAuthenticationEndpointErrorPage", "\"smsotpauthenticationendpoint/smsotpError.jsp\""),
        ("MobileNumberRegPage", "\"smsotpauthenticationendpoint/mobile.jsp\""),
        ("RetryEnable", "true"),
        ("ResendEnable", "true"),
        ("BackupCode", "true"),
        ("SMSOTPEnableByUserClaim", "true"),
        ("SMSOTPMandatory", "false"),
        ("CaptureAndUpdateMobileNumber", "true"),
        ("SendOTPDirectlyToMobile", "false"),
        ("redirectToMultiOptionPageOnFailure", "false"),
    ];

    /// <summary>Writes deployment.toml and the service provider for <paramref name="set"/>.</summary>
    public static void Configure(TestHome home, ParameterSet set)
    {
        var parameters = Reference
            .Select(p => set.Overrides.TryGetValue(p.Key, out var value) ? (p.Key, value) : p)
            .Concat(set.Overrides.Where(o => Reference.All(r => r.Key != o.Key)).Select(o => (o.Key, o.Value)))
            .Select(p => $"{p.Item1} = {p.Item2}");
        home.Write("conf/deployment.toml", Deployment(home.Port, parameters));
        home.Write(
            "conf/service-providers/pickup-dispatch.toml",
            TestHome.ServiceProvider(home.CallbackUrl, "http://127.0.0.1:1/pickup-dispatch/", steps: Steps(set.MultiOption)));
    }

    private static string Steps(bool multiOption) => $$"""
        [[authentication.steps]]
        use_subject = true
        use_attributes = true
        options = [{ authenticator = "basic" }]
        [[authentication.steps]]
        options = [{ authenticator = "confirm" }]
        [[authentication.steps]]
        options = [{ idp = "SMSOTP" }{{(multiOption ? ", { authenticator = \"confirm\" }" : string.Empty)}}]
        """;

    // Rate limits off: the table sends far more codes from 127.0.0.1 than one driver would.
    private static string Deployment(int port, IEnumerable<string> parameters) => $"""
        [server]
        hostname = "127.0.0.1"
        port = {port.ToString(CultureInfo.InvariantCulture)}
        scheme = "http"

        [database]
        type = "sqlite"
        connection = "Data Source=data/pickup.db"

        [security.password_hash]
        algorithm = "argon2id"
        memory_kib = 8192
        iterations = 1
        parallelism = 1

        [security.sms_limits]
        window_seconds = 600
        per_number = 0
        per_user = 0
        per_ip = 0
        daily_budget = 0

        [security.login_limits]
        per_ip_per_minute = 0
        authorize_per_ip_per_minute = 0
        lockout_after = 5
        lockout_seconds = 300
        lockout_max_seconds = 3600

        [authentication.authenticator.basic]
        name = "BasicAuthenticator"
        enable = true

        [authentication.authenticator.confirm]
        name = "Confirm"
        enable = true

        [authentication.authenticator.sms_otp]
        name = "SMSOTP"
        enable = true

        [authentication.authenticator.sms_otp.parameters]
        {string.Join("\n", parameters)}

        """;
}
