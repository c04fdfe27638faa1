using System.Globalization;

namespace Pickup.Bench;

/// <summary>
/// A throw-away home for one run: SQLite, in-memory sessions, SMS and login limits off (every virtual driver logs in
/// again and again from 127.0.0.1), the chosen Argon2id cost, the SMSOTP provider sending to the fake Vonage, and the
/// Pickup Dispatch client whose callback is never called.
/// </summary>
internal sealed class BenchHome : IDisposable
{
    public const string ClientId = "pickup-dispatch";
    public const string ClientSecret = "bench-client-secret";
    public const string CallbackUrl = "http://127.0.0.1:1/pickup-dispatch/oauth2client";

    public BenchHome(string smsUrl, int memoryKib, int iterations)
    {
        Directory = Path.Combine(Path.GetTempPath(), "pickup-bench-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "conf", "identity-providers"));
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "conf", "service-providers"));
        Port = BenchInstallation.FreePort();
        Write("conf/deployment.toml", Deployment(Port, memoryKib, iterations));
        Write("conf/identity-providers/SMSOTP.toml", IdentityProvider(smsUrl));
        Write("conf/service-providers/pickup-dispatch.toml", ServiceProvider);
    }

    public string Directory { get; }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the closing engine; the temp folder is cleaned by the system later.
        }
    }

    /// <summary>
    /// Keys that only turn off a limit some earlier build does not have: a baseline that refuses one as unknown
    /// (its configuration check names it) gets the home without it, which means the same thing there.
    /// </summary>
    public static IReadOnlySet<string> OptionalKeys { get; } = new HashSet<string>(StringComparer.Ordinal) { "authorize_per_ip_per_minute" };

    /// <summary>Removes the lines that set <paramref name="keys"/> from conf/deployment.toml.</summary>
    public void DropKeys(IEnumerable<string> keys)
    {
        var path = Path.Combine(Directory, "conf", "deployment.toml");
        var dropped = keys.ToHashSet(StringComparer.Ordinal);
        var lines = File.ReadAllLines(path).Where(l => !dropped.Contains(l.Split('=', 2)[0].Trim()));
        File.WriteAllLines(path, lines);
    }

    private void Write(string relative, string text) => File.WriteAllText(Path.Combine(Directory, relative), text);

    private static string Deployment(int port, int memoryKib, int iterations) => $"""
        [server]
        hostname = "127.0.0.1"
        port = {port.ToString(CultureInfo.InvariantCulture)}
        scheme = "http"

        [database]
        type = "sqlite"
        connection = "Data Source=data/pickup.db"

        [session]
        store = "memory"

        # Off: each virtual driver signs in many times a second from one address, and a pending-login run sends more
        # than the default daily budget of 10,000 codes; the limits have tests of their own.
        [security.sms_limits]
        per_number = 0
        per_user = 0
        per_ip = 0
        daily_budget = 0

        [security.login_limits]
        per_ip_per_minute = 0
        authorize_per_ip_per_minute = 0

        [security.password_hash]
        algorithm = "argon2id"
        memory_kib = {memoryKib.ToString(CultureInfo.InvariantCulture)}
        iterations = {iterations.ToString(CultureInfo.InvariantCulture)}
        parallelism = 1
        insecure_benchmark_only = {(memoryKib < 8192 ? "true" : "false")}

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

    private static string IdentityProvider(string smsUrl) => $"""
        name = "SMSOTP"
        [federated.sms_otp]
        enable = true
        default = true
        provider = "nexmo"
        sms_url = "{smsUrl}"
        http_method = "POST"
        timeout = 10
        """;

    private const string ServiceProvider = $$"""
        name = "pickup-dispatch"
        [oidc]
        client_id = "{{ClientId}}"
        client_secret = "{{ClientSecret}}"
        callback_urls = ["{{CallbackUrl}}"]
        post_logout_redirect_urls = ["http://127.0.0.1:1/pickup-dispatch/"]
        [claims]
        subject_claim_uri = "http://wso2.org/claims/mobile"
        [[authentication.steps]]
        use_subject = true
        use_attributes = true
        options = [{ authenticator = "basic" }]
        [[authentication.steps]]
        options = [{ idp = "SMSOTP" }]
        """;
}
