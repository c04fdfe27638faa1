namespace Pickup.Core.Tests.Configuration;

public sealed class ErrorPositionTests : IDisposable
{
    private const string Deployment = "conf/deployment.toml";

    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Load_MissingDeploymentFile_GivesOneClearErrorAndNoConfiguration()
    {
        var result = _home.Load();

        Assert.False(result.IsValid);
        Assert.Null(result.Configuration);
        var error = Assert.Single(result.Errors);
        Assert.Equal(_home.At(Deployment, 1, 1), error.Location);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownKeyInServer_NamesKeyPositionAndExpectedKeys()
    {
        _home.WriteDeployment("""
            [server]
            hostname = "localhost"
              prot = 9443
            """);

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(Deployment, 3, 3), error.Location);
        Assert.Equal("unknown key 'prot' in [server]; did you mean 'port'? expected one of: bind, certificate, certificate_key, hostname, management_bind, management_port, port, public_url, scheme, trusted_proxies", error.Message);
        Assert.Equal($"{_home.Display(Deployment)}:3:3: {error.Message}", error.ToString());
    }

    [Theory]
    [InlineData("servr = 1", 1, 1, "unknown key 'servr' in the top level; did you mean 'server'? expected one of: authentication, database, oidc, security, server, session, ui")]
    [InlineData("[security.sms_limit]\nper_ip = 1", 1, 11, "unknown key 'sms_limit' in [security]; did you mean 'sms_limits'? expected one of: key_encryption_key, login_limits, password_hash, sms_limits")]
    [InlineData("[security.password_hash]\nmemory = 1", 2, 1, "unknown key 'memory' in [security.password_hash]; expected one of: algorithm, insecure_benchmark_only, iterations, memory_kib, parallelism")]
    [InlineData("[oidc]\nrefresh_token_lifetime = 60", 2, 1, "unknown key 'refresh_token_lifetime' in [oidc]; expected one of: key_reload_seconds, refresh_token_lifetime_seconds, signing_key_rotation_days")]
    [InlineData("[authentication.authenticators.basic]\nname = \"x\"", 1, 17, "unknown key 'authenticators' in [authentication]; did you mean 'authenticator'? expected one of: authenticator")]
    [InlineData("[authentication.authenticator.basic]\nname = \"B\"\nenabled = true", 3, 1, "unknown key 'enabled' in [authentication.authenticator.basic]; did you mean 'enable'? expected one of: enable, name, parameters")]
    public void Load_UnknownKeyAnywhereInDeployment_IsReportedAtTheKey(string toml, int line, int column, string message)
    {
        _home.WriteDeployment(toml);

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(Deployment, line, column), error.Location);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Load_UnknownKeysInProviderFiles_AreReportedAtTheKeys()
    {
        _home.WriteDeployment(TempHome.MinimalDeployment)
            .WriteIdentityProvider("SMSOTP", TempHome.SmsOtpIdentityProvider + "\n")
            .Write("conf/identity-providers/Other.toml", "name = \"Other\"\nfederate = 1\n")
            .WriteServiceProvider("dispatch", """
                name = "pickup-dispatch"
                [oidc]
                client_id = "pickup-dispatch"
                callback_url = "http://localhost/cb"
                callback_urls = ["http://localhost:8080/cb"]
                [[authentication.steps]]
                use_subjects = true
                options = [{ authenticator = "basic", idpp = "x" }]
                """);

        var result = _home.Load();

        ResultAssert.HasError(result, _home.At("conf/identity-providers/Other.toml", 2, 1), "unknown key 'federate' in the top level; did you mean 'federated'? expected one of: federated, name");
        ResultAssert.HasError(result, _home.At("conf/service-providers/dispatch.toml", 4, 1), "unknown key 'callback_url' in [oidc]; did you mean 'callback_urls'? expected one of: backchannel_logout_uri, callback_urls, client_id, client_secret, post_logout_redirect_urls");
        ResultAssert.HasError(result, _home.At("conf/service-providers/dispatch.toml", 7, 1), "unknown key 'use_subjects' in step 1 of [[authentication.steps]]; did you mean 'use_subject'? expected one of: options, use_attributes, use_subject");
        ResultAssert.HasError(result, _home.At("conf/service-providers/dispatch.toml", 8, 39), "unknown key 'idpp' in option 1 of step 1; did you mean 'idp'? expected one of: authenticator, idp");
        Assert.Equal(4, result.Errors.Count);
    }

    [Fact]
    public void Load_WithoutThePluginsTables_LeavesUnknownTablesToTheServerButStillRefusesUnknownValues()
    {
        _home.WriteDeployment("""
            [security]
            limits = 3
            [security.sms_limits]
            anything = -1
            """);

        var result = Pickup.Core.Configuration.ConfigurationLoader.Load(_home.Root);

        var error = Assert.Single(result.Errors);
        Assert.Equal(_home.At(Deployment, 2, 1), error.Location);
        Assert.StartsWith("unknown key 'limits' in [security]", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Configuration!.PluginSections);
    }

    [Fact]
    public void Load_PluginTableAbsent_HandsThePluginAnEmptyTable()
    {
        _home.WriteDeployment("[server]\nport = 9443");

        var configuration = ResultAssert.Valid(_home.Load());

        Assert.Empty(configuration.PluginSections[TempHome.PluginTable.Path].Keys);
    }

    [Fact]
    public void Load_WrongTypes_AreReportedAtTheKeyWithTheKindFound()
    {
        _home.WriteDeployment("""
            [server]
            port = "9443"
            [security.sms_limits]
            per_ip = "LK"
            [authentication.authenticator.basic]
            name = "B"
            enable = "yes"
            """);

        var result = _home.Load();

        ResultAssert.HasError(result, _home.At(Deployment, 2, 1), "'port' in [server] must be a whole number, not a string");
        ResultAssert.HasError(result, _home.At(Deployment, 4, 1), "'per_ip' must be a whole number");
        ResultAssert.HasError(result, _home.At(Deployment, 7, 1), "'enable' in [authentication.authenticator.basic] must be true or false, not a string");
        Assert.Equal(3, result.Errors.Count);
        Assert.Equal(9443, result.Configuration!.Deployment.Server.Port);
    }

    [Fact]
    public void Load_SectionThatIsNotATable_IsReportedAtItsKey()
    {
        _home.WriteDeployment("server = \"localhost\"\n");

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(Deployment, 1, 1), error.Location);
        Assert.Equal("'server' in the top level must be a table, not a string", error.Message);
    }

    [Fact]
    public void Load_SyntaxError_GivesThePositionTomlynReports()
    {
        _home.WriteDeployment("""
            [server]
            hostname = "localhost"
            port =
            """);

        var result = _home.Load();

        Assert.Null(result.Configuration);
        var error = Assert.Single(result.Errors);
        Assert.Equal(_home.At(Deployment, 3, 7), error.Location);
        Assert.Contains("value", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Load_DuplicateKey_IsASyntaxErrorAtTheSecondKey()
    {
        _home.WriteDeployment("""
            [server]
            port = 1
            port = 2
            """);

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(Deployment, 3, 1), error.Location);
        Assert.Contains("port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SyntaxErrorInServiceProvider_ReportsItAndStillChecksTheOtherFiles()
    {
        _home.WriteDeployment("[server]\nport = 0\n")
            .WriteServiceProvider("broken", "name = \"unterminated\n");

        var result = _home.Load();

        ResultAssert.HasError(result, _home.At(Deployment, 2, 1), "'port'");
        var syntaxErrors = result.Errors.Where(e => e.Location.File == _home.Display("conf/service-providers/broken.toml")).ToList();
        Assert.NotEmpty(syntaxErrors);
        Assert.All(syntaxErrors, e => Assert.Equal(_home.At("conf/service-providers/broken.toml", 1, 21), e.Location));
        Assert.Contains(syntaxErrors, e => e.Message.Contains("newline", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(result.Configuration!.ServiceProviders);
    }

    [Fact]
    public void Load_RedisPasswordFromEnvironment_IsSubstitutedAndNeverShownInAnError()
    {
        _home.WriteDeployment("""
            [session]
            store = "redis"
            connection = "127.0.0.1:6379,password=${env:PICKUP_REDIS_PASSWORD},ssl=true,nonsense=1"
            """);

        var result = _home.Load(new Dictionary<string, string> { ["PICKUP_REDIS_PASSWORD"] = "s3cret-from-env" });

        var error = Assert.Single(result.Errors);
        Assert.Equal(_home.At(Deployment, 3, 1), error.Location);
        Assert.Contains("'connection' in [session] is not a Redis connection string", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-from-env", error.Message, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1:6379,password=s3cret-from-env,ssl=true,nonsense=1", result.Configuration!.Deployment.Session.Connection);
    }

    [Fact]
    public void Load_UnsetEnvironmentVariable_NamesFileLineAndVariable()
    {
        _home.WriteDeployment("""
            [database]
            type = "postgres"
            connection = "Host=127.0.0.1;Password=${env:PICKUP_DB_PASSWORD}"
            """);

        var result = _home.Load();

        var error = Assert.Single(result.Errors);
        Assert.Equal(_home.At(Deployment, 3, 1), error.Location);
        Assert.Contains("PICKUP_DB_PASSWORD", error.Message, StringComparison.Ordinal);
        Assert.Contains("not set", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[server]\nport = 70000", 2, 1, "'port' in [server] must be between 1 and 65535, not 70000")]
    [InlineData("[server]\nscheme = \"ftp\"", 2, 1, "'scheme' in [server] must be \"http\" or \"https\", not \"ftp\"")]
    [InlineData("[server]\nhostname = \"\"", 2, 1, "'hostname' in [server]")]
    [InlineData("[server]\nhostname = \"http://x/\"", 2, 1, "'hostname' in [server]")]
    [InlineData("[server]\nbind = \"banana\"", 2, 1, "'bind' in [server] must be an IP address or \"localhost\"")]
    [InlineData("[server]\nbind = \"0.0.0.0\"", 2, 1, "plain http is refused")]
    [InlineData("[server]\nscheme = \"https\"\nbind = \"0.0.0.0\"", 2, 1, "scheme = \"https\" in [server] needs either 'certificate' and 'certificate_key' (the engine serves TLS itself) or 'trusted_proxies'")]
    [InlineData("[server]\nscheme = \"https\"\nbind = \"127.0.0.1\"\ntrusted_proxies = []", 2, 1, "scheme = \"https\" in [server] needs either")]
    [InlineData("[session]\nstore = \"redis\"\nconnection = \"127.0.0.1:6379,bogus=1\"", 3, 1, "'connection' in [session] is not a Redis connection string")]
    [InlineData("[session]\nstore = \"redis\"\nconnection = \"password=x,ssl=true\"", 3, 1, "it names no server")]
    [InlineData("[session]\nstore = \"redis\"\nconnection = \"127.0.0.1:6379,user=pickup\"", 3, 1, "'user=' needs 'password='")]
    [InlineData("[server]\npublic_url = \"/relative\"", 2, 1, "'public_url' in [server] must be an absolute http or https URL")]
    [InlineData("[database]\ntype = \"mysql\"", 2, 1, "'type' in [database] must be \"sqlite\" or \"postgres\"")]
    [InlineData("[database]\nconnection = \"\"", 2, 1, "'connection' in [database] must not be empty")]
    [InlineData("[session]\nstore = \"disk\"", 2, 1, "'store' in [session] must be \"memory\" or \"redis\"")]
    [InlineData("[session]\nsso_idle_seconds = -1", 2, 1, "'sso_idle_seconds' in [session] must be 0 (single sign-on off) or more, not -1")]
    [InlineData("[session]\nsso_max_seconds = -5", 2, 1, "'sso_max_seconds' in [session] must be 0 (single sign-on off) or more, not -5")]
    [InlineData("[session]\nsso_idle_seconds = 7200\nsso_max_seconds = 3600", 2, 1, "'sso_idle_seconds' in [session] (7200) must not be more than 'sso_max_seconds' (3600)")]
    [InlineData("[session]\nstore = \"redis\"\nconnection = \"\"", 3, 1, "'connection' in [session] must not be empty")]
    [InlineData("[security.password_hash]\nalgorithm = \"bcrypt\"", 2, 1, "must be \"argon2id\"")]
    [InlineData("[security.password_hash]\nmemory_kib = 4096", 2, 1, "'memory_kib' in [security.password_hash] must be between 8192 and 4194304, not 4096")]
    [InlineData("[security.password_hash]\nmemory_kib = 4194305", 2, 1, "'memory_kib'")]
    [InlineData("[security.password_hash]\nmemory_kib = 8\ninsecure_benchmark_only = false", 2, 1, "must be between 8192 and 4194304, not 8")]
    [InlineData("[security.password_hash]\nmemory_kib = 7\ninsecure_benchmark_only = true", 2, 1, "must be between 8 and 4194304, not 7")]
    [InlineData("[security.password_hash]\niterations = 0", 2, 1, "'iterations' in [security.password_hash] must be between 1 and 10")]
    [InlineData("[security.password_hash]\niterations = 11", 2, 1, "'iterations'")]
    [InlineData("[security.password_hash]\nparallelism = 4", 2, 1, "libsodium")]
    [InlineData("[security.sms_limits]\nper_ip = -1", 2, 1, "'per_ip' in [security.sms_limits] must be 0 (off) or more")]
    [InlineData("[security.sms_limits]\nper_ipp = 1", 2, 1, "unknown key 'per_ipp'; did you mean 'per_ip'? expected one of: per_ip")]
    [InlineData("[security.login_limits]\nlockout_after = -1", 2, 1, "'lockout_after' in [security.login_limits]")]
    [InlineData("[security.login_limits]\nlockout_seconds = 600\nlockout_max_seconds = 60", 3, 1, "'lockout_max_seconds'")]
    [InlineData("[security.login_limits]\nauthorize_per_ip_per_minute = -1", 2, 1, "'authorize_per_ip_per_minute' in [security.login_limits] must be 0 (off) or more, not -1")]
    [InlineData("[security.login_limits]\nattempt_store_capacity = 0", 2, 1, "'attempt_store_capacity' in [security.login_limits] must be 1 or more")]
    [InlineData("[oidc]\nrefresh_token_lifetime_seconds = 59", 2, 1, "'refresh_token_lifetime_seconds' in [oidc] must be between 60 and 31536000 (365 days), not 59")]
    [InlineData("[oidc]\nrefresh_token_lifetime_seconds = 31536001", 2, 1, "'refresh_token_lifetime_seconds' in [oidc]")]
    [InlineData("[oidc]\nsigning_key_rotation_days = -1", 2, 1, "'signing_key_rotation_days' in [oidc] must be between 0 (rotate only with 'pickup keys rotate') and 3650 (10 years), not -1")]
    [InlineData("[oidc]\nkey_reload_seconds = 0", 2, 1, "'key_reload_seconds' in [oidc] must be between 1 and 60, not 0")]
    [InlineData("[oidc]\nkey_reload_seconds = 61", 2, 1, "'key_reload_seconds' in [oidc]")]
    public void Load_OutOfRangeValue_IsReportedAtItsKey(string toml, int line, int column, string fragment)
    {
        _home.WriteDeployment(toml);

        var result = _home.Load();

        var error = Assert.Single(result.Errors);
        Assert.Equal(_home.At(Deployment, line, column), error.Location);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.NotNull(result.Configuration);
        Assert.False(result.IsValid);
    }

    [Theory]
    [InlineData("[server]\nscheme = \"https\"\nbind = \"0.0.0.0\"\ntrusted_proxies = [\"10.0.0.0/8\"]")]
    [InlineData("[session]\nstore = \"redis\"\nconnection = \"redis.internal:6380,user=pickup,password=s3cret,ssl=true,sslHost=redis.internal\"")]
    [InlineData("[server]\nbind = \"127.0.0.2\"")]
    [InlineData("[server]\nbind = \"::1\"")]
    [InlineData("[server]\nbind = \"localhost\"")]
    [InlineData("[server]\nport = 1\nhostname = \"192.168.1.1\"")]
    [InlineData("[security.sms_limits]\nper_ip = 0")]
    [InlineData("[security.login_limits]\nlockout_seconds = 600\nlockout_max_seconds = 0")]
    [InlineData("[security.login_limits]\nauthorize_per_ip_per_minute = 0\nattempt_store_capacity = 1")]
    [InlineData("[oidc]\nrefresh_token_lifetime_seconds = 60")]
    [InlineData("[oidc]\nrefresh_token_lifetime_seconds = 31536000")]
    [InlineData("[oidc]\nsigning_key_rotation_days = 0\nkey_reload_seconds = 1")]
    [InlineData("[oidc]\nsigning_key_rotation_days = 3650\nkey_reload_seconds = 60")]
    [InlineData("[security.password_hash]\nmemory_kib = 8192\niterations = 10")]
    [InlineData("[security.password_hash]\nmemory_kib = 8\niterations = 1\ninsecure_benchmark_only = true")]
    public void Load_ValueAtTheEdgeOfItsRange_IsAccepted(string toml)
    {
        _home.WriteDeployment(toml);

        ResultAssert.Valid(_home.Load());
    }

    [Fact]
    public void Load_ManyProblemsInSeveralFiles_ReportsThemAllInFileAndLineOrder()
    {
        _home.WriteDeployment("""
            [server]
            port = 0
            prot = 1
            [security.password_hash]
            parallelism = 2
            [authentication.authenticator.basic]
            enable = true
            """)
            .WriteIdentityProvider("SMSOTP", """
                [federated.sms_otp]
                sms_url = "${env:NOT_SET_ANYWHERE}"
                """)
            .WriteServiceProvider("app", """
                name = "app"
                [oidc]
                callback_urls = []
                """);

        var result = _home.Load();

        var expected = new[]
        {
            _home.At(Deployment, 2, 1),
            _home.At(Deployment, 3, 1),
            _home.At(Deployment, 5, 1),
            _home.At(Deployment, 6, 31),
            _home.At("conf/identity-providers/SMSOTP.toml", 1, 1),
            _home.At("conf/identity-providers/SMSOTP.toml", 2, 1),
            _home.At("conf/service-providers/app.toml", 1, 1),
            _home.At("conf/service-providers/app.toml", 2, 2),
            _home.At("conf/service-providers/app.toml", 3, 1),
        };
        Assert.Equal(expected, result.Errors.Select(e => e.Location));
    }
}
