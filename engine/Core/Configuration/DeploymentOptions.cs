namespace Pickup.Core.Configuration;

/// <summary><c>conf/deployment.toml</c>, bound and validated.</summary>
public sealed class DeploymentOptions
{
    public ServerOptions Server { get; set; } = new();

    public DatabaseOptions Database { get; set; } = new();

    public SessionOptions Session { get; set; } = new();

    public SecurityOptions Security { get; set; } = new();

    public UiOptions Ui { get; set; } = new();

    public OidcOptions Oidc { get; set; } = new();
}

/// <summary><c>[ui]</c>: how the login pages look.</summary>
public sealed class UiOptions
{
    /// <summary>
    /// A folder under <c>&lt;home&gt;/themes/</c> whose templates and <c>i18n/</c> texts take precedence over the
    /// shipped ones (a file of the same name replaces the page; a key replaces one text). Empty: no theme.
    /// </summary>
    public string Theme { get; set; } = string.Empty;
}

/// <summary><c>[server]</c>.</summary>
public sealed class ServerOptions
{
    public string Hostname { get; set; } = "localhost";

    public int Port { get; set; } = 9443;

    /// <summary>"http" (loopback only) or "https".</summary>
    public string Scheme { get; set; } = "http";

    /// <summary>The listen address.</summary>
    public string Bind { get; set; } = "127.0.0.1";

    /// <summary>When set, the issuer and the base of every absolute link.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// With <c>scheme = "https"</c>: a PEM certificate (chain) file, relative to the home, that the engine serves TLS
    /// with. Unset, the engine listens on http and TLS is expected to end in front of it (a load balancer).
    /// </summary>
    public string? Certificate { get; set; }

    /// <summary>The PEM private key of <see cref="Certificate"/>, relative to the home.</summary>
    public string? CertificateKey { get; set; }

    /// <summary>
    /// Addresses or networks (CIDR) of the load balancers in front of the engine: only from them is the client's
    /// address taken from <c>X-Forwarded-For</c> (for per-address limits, logs and audit). Empty: the header is ignored.
    /// </summary>
    public IList<string> TrustedProxies { get; set; } = [];

    /// <summary>
    /// The port of the management listener (plain http): <c>GET /metrics</c> for Prometheus, <c>/health/live</c> and
    /// <c>/health/ready</c>, and nothing else. 0 (the default): no management listener, and no metrics are collected.
    /// </summary>
    public int ManagementPort { get; set; }

    /// <summary>Where the management listener listens: loopback by default, as metrics are for the operator only.</summary>
    public string ManagementBind { get; set; } = "127.0.0.1";

    /// <summary>The issuer: <see cref="PublicUrl"/> or <c>scheme://hostname:port/</c>, always with a trailing slash.</summary>
    public Uri Issuer
    {
        get
        {
            var text = string.IsNullOrEmpty(PublicUrl) ? $"{Scheme}://{Hostname}:{Port}/" : PublicUrl;
            return new Uri(text.EndsWith('/') ? text : text + "/");
        }
    }
}

/// <summary><c>[database]</c>.</summary>
public sealed class DatabaseOptions
{
    /// <summary>"sqlite" or "postgres".</summary>
    public string Type { get; set; } = "sqlite";

    /// <summary>ADO.NET connection string; a relative SQLite <c>Data Source</c> is relative to the home.</summary>
    public string Connection { get; set; } = "Data Source=data/pickup.db";
}

/// <summary><c>[session]</c>: where login attempts (sessionDataKey contexts) live, and how long single sign-on lasts.</summary>
public sealed class SessionOptions
{
    /// <summary>The default idle timeout of a single sign-on session: 30 minutes.</summary>
    public const int DefaultSsoIdleSeconds = 1800;

    /// <summary>The default absolute lifetime of a single sign-on session: 10 hours.</summary>
    public const int DefaultSsoMaxSeconds = 36000;

    /// <summary>"memory" or "redis".</summary>
    public string Store { get; set; } = "memory";

    public string Connection { get; set; } = "127.0.0.1:6379";

    /// <summary><c>sso_idle_seconds</c>: a single sign-on session unused this long ends; 0 turns single sign-on off.</summary>
    public int SsoIdleSeconds { get; set; } = DefaultSsoIdleSeconds;

    /// <summary><c>sso_max_seconds</c>: a single sign-on session ends this long after it began, used or not; 0 turns single sign-on off.</summary>
    public int SsoMaxSeconds { get; set; } = DefaultSsoMaxSeconds;

    /// <summary>True when both single sign-on lifetimes are set.</summary>
    public bool SsoEnabled => SsoIdleSeconds > 0 && SsoMaxSeconds > 0;
}

/// <summary><c>[security]</c>.</summary>
public sealed class SecurityOptions
{
    public PasswordHashOptions PasswordHash { get; set; } = new();

    public LoginLimitsOptions LoginLimits { get; set; } = new();

    /// <summary>
    /// <c>key_encryption_key</c>: 32 random bytes in base64 (from <c>${env:NAME}</c>, never written in the file) that
    /// encrypt the server's keys in the database. Never shown: errors about it do not repeat its value.
    /// </summary>
    public string? KeyEncryptionKey { get; set; }
}

/// <summary><c>[security.password_hash]</c>: Argon2id cost, stored with each hash.</summary>
public sealed class PasswordHashOptions
{
    public string Algorithm { get; set; } = "argon2id";

    public int MemoryKib { get; set; } = 19456;

    public int Iterations { get; set; } = 2;

    public int Parallelism { get; set; } = 1;

    /// <summary>
    /// <c>insecure_benchmark_only</c>: lets <c>memory_kib</c> go below the safe minimum (down to libsodium's 8 KiB),
    /// so a benchmark can show the engine's own cost apart from the password hash. Never for real passwords: the
    /// engine logs a critical line at every start while it is set.
    /// </summary>
    public bool InsecureBenchmarkOnly { get; set; }
}

/// <summary><c>[security.login_limits]</c>; 0 turns a limit off.</summary>
public sealed class LoginLimitsOptions
{
    public int PerIpPerMinute { get; set; } = 60;

    /// <summary><c>authorize_per_ip_per_minute</c>: logins started at <c>/oauth2/authorize</c> from one address per minute.</summary>
    public int AuthorizePerIpPerMinute { get; set; } = 120;

    /// <summary>
    /// <c>attempt_store_capacity</c>: most login attempts kept at once. When it is reached, the oldest attempt nobody
    /// has posted to yet makes room; when every attempt is in use, new logins get a 503 page.
    /// </summary>
    public int AttemptStoreCapacity { get; set; } = 100_000;

    public int LockoutAfter { get; set; } = 5;

    public int LockoutSeconds { get; set; } = 300;

    public int LockoutMaxSeconds { get; set; } = 3600;
}
