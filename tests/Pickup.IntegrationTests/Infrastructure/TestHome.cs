using System.Globalization;

namespace Pickup.IntegrationTests.Infrastructure;

/// <summary>
/// A throw-away home (conf/ + data/) with the scenario's configuration: deployment.toml with the reference's
/// sms_otp block, an SMSOTP identity provider sending through Nexmo to a given SMS URL, and Pickup Dispatch's
/// service provider. Tests overwrite files to vary it.
/// </summary>
internal sealed class TestHome : IDisposable
{
    public const string ClientId = "pickup-dispatch";
    public const string ClientSecret = "test-client-secret";

    public TestHome(string smsUrl, int? port = null, string callbackUrl = "http://127.0.0.1:1/pickup-dispatch/oauth2client")
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pickup-it-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(System.IO.Path.Combine(Directory, "conf", "identity-providers"));
        System.IO.Directory.CreateDirectory(System.IO.Path.Combine(Directory, "conf", "service-providers"));
        Port = port ?? TestInstallation.FreePort();
        CallbackUrl = callbackUrl;
        Write("conf/deployment.toml", Deployment(Port));
        Write("conf/identity-providers/SMSOTP.toml", IdentityProvider(smsUrl));
        Write("conf/service-providers/pickup-dispatch.toml", ServiceProvider(callbackUrl, "http://127.0.0.1:1/pickup-dispatch/"));
    }

    public string Directory { get; }

    public int Port { get; }

    public string CallbackUrl { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    public string FilePath(string relative) => System.IO.Path.Combine(Directory, relative);

    public void Write(string relative, string text) => File.WriteAllText(FilePath(relative), text);

    public void Append(string relative, string text) => File.AppendAllText(FilePath(relative), text);

    public static string Deployment(int port) => $"""
        [server]
        hostname = "127.0.0.1"
        port = {port.ToString(CultureInfo.InvariantCulture)}
        scheme = "http"

        [database]
        type = "sqlite"
        connection = "Data Source=data/pickup.db"

        # Limits off: tests send and post far more than a driver would; the limits have tests of their own.
        [security.sms_limits]
        per_number = 0
        per_user = 0
        per_ip = 0

        [security.login_limits]
        per_ip_per_minute = 0
        authorize_per_ip_per_minute = 0

        [security.password_hash]
        algorithm = "argon2id"
        memory_kib = 8192
        iterations = 1
        parallelism = 1

        [authentication.authenticator.basic]
        name = "BasicAuthenticator"
        enable = true

        [authentication.authenticator.sms_otp]
        name ="SMSOTP"
        enable=true

        [authentication.authenticator.sms_otp.parameters]
        SMSOTPAuthenticationEndpointURL= "smsotpauthenticationendpoint/smsotp.jsp"
        SMSOTPAuthenticationEndpointErrorPage= "smsotpauthenticationendpoint/smsotpError.jsp"
        MobileNumberRegPage = "smsotpauthenticationendpoint/mobile.jsp"
        RetryEnable = true
        ResendEnable = true
        BackupCode = true
        SMSOTPEnableByUserClaim = true
        SMSOTPMandatory = false
        CaptureAndUpdateMobileNumber = true
        SendOTPDirectlyToMobile = false
        redirectToMultiOptionPageOnFailure = false

        """;

    public static string IdentityProvider(string smsUrl) => $"""
        name = "SMSOTP"
        [federated.sms_otp]
        enable = true
        default = true
        provider = "nexmo"
        sms_url = "{smsUrl}"
        http_method = "POST"
        timeout = 10
        """;

    public static string ServiceProvider(string callbackUrl, string postLogoutUrl, string secretLine = $"client_secret = \"{ClientSecret}\"", string steps = DefaultSteps) => $"""
        name = "pickup-dispatch"
        [oidc]
        client_id = "{ClientId}"
        {secretLine}
        callback_urls = ["{callbackUrl}"]
        post_logout_redirect_urls = ["{postLogoutUrl}"]
        [claims]
        subject_claim_uri = "http://wso2.org/claims/mobile"
        {steps}
        """;

    public const string DefaultSteps = """
        [[authentication.steps]]
        use_subject = true
        use_attributes = true
        options = [{ authenticator = "basic" }]
        [[authentication.steps]]
        options = [{ idp = "SMSOTP" }]
        """;

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing process; the temp folder is cleaned by the system later.
        }
    }
}
