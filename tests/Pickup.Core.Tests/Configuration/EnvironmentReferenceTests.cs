namespace Pickup.Core.Tests.Configuration;

public sealed class EnvironmentReferenceTests : IDisposable
{
    private const string IdentityProviderFile = "conf/identity-providers/SMSOTP.toml";

    private readonly TempHome _home = new();

    public EnvironmentReferenceTests()
    {
        _home.WriteDeployment(TempHome.MinimalDeployment);
    }

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Load_ReferencesInAString_AreReplacedAndMarkedSecret()
    {
        _home.WriteIdentityProvider("SMSOTP", """
            name = "SMSOTP"
            [federated.sms_otp]
            provider = "nexmo"
            sms_url = "https://rest.nexmo.com/sms/json?api_key=${env:NEXMO_API_KEY}&api_secret=${env:NEXMO_API_SECRET}&from=NEXMO&to=$ctx.num&text=$ctx.msg"
            http_method = "POST"
            """);

        var result = _home.Load(new Dictionary<string, string> { ["NEXMO_API_KEY"] = "k1", ["NEXMO_API_SECRET"] = "s2" });

        var properties = ResultAssert.Valid(result).IdentityProviders[0].Federated[0].Properties;
        Assert.True(properties.TryGetValue("sms_url", out var url));
        Assert.Equal("https://rest.nexmo.com/sms/json?api_key=k1&api_secret=s2&from=NEXMO&to=$ctx.num&text=$ctx.msg", url.Value);
        Assert.True(url.IsSecret);
        Assert.Equal(_home.At(IdentityProviderFile, 4, 1), url.Location);
        Assert.True(properties.TryGetValue("http_method", out var method));
        Assert.False(method.IsSecret);
        Assert.True(properties.TryGetValue("provider", out var provider));
        Assert.False(provider.IsSecret);
    }

    [Fact]
    public void Load_ReferenceInAList_MarksTheWholeListSecret()
    {
        _home.WriteIdentityProvider("SMSOTP", """
            name = "SMSOTP"
            [federated.sms_otp]
            http_headers = ["Accept: application/json", "Authorization: Bearer ${env:SMS_TOKEN}"]
            """);

        var result = _home.Load(new Dictionary<string, string> { ["SMS_TOKEN"] = "t0ken" });

        var properties = ResultAssert.Valid(result).IdentityProviders[0].Federated[0].Properties;
        Assert.True(properties.TryGetValue("http_headers", out var headers));
        Assert.True(headers.IsSecret);
        Assert.Equal(["Accept: application/json", "Authorization: Bearer t0ken"], properties.GetStringList("http_headers"));
    }

    [Fact]
    public void Load_ReferenceInAComment_IsNeverResolved()
    {
        _home.WriteIdentityProvider("SMSOTP", """
            # sms_url = "https://x/?key=${env:COMMENTED_OUT}"
            name = "SMSOTP" # ${env:ALSO_COMMENTED}
            """);

        ResultAssert.Valid(_home.Load());
    }

    [Fact]
    public void Load_VariableSetToEmpty_IsAcceptedAsEmpty()
    {
        _home.WriteIdentityProvider("SMSOTP", """
            name = "SMSOTP"
            [federated.sms_otp]
            api_key = "${env:EMPTY}"
            """);

        var result = _home.Load(new Dictionary<string, string> { ["EMPTY"] = "" });

        var properties = ResultAssert.Valid(result).IdentityProviders[0].Federated[0].Properties;
        Assert.True(properties.TryGetValue("api_key", out var key));
        Assert.Equal("", key.Value);
        Assert.True(key.IsSecret);
    }

    [Fact]
    public void Load_UnsetVariables_EachIsAnErrorNamingItAndNothingLeaksIntoTheMessage()
    {
        _home.WriteIdentityProvider("SMSOTP", """
            name = "SMSOTP"
            [federated.sms_otp]
            sms_url = "https://x/?a=${env:FIRST_MISSING}&b=${env:SET_ONE}&c=${env:SECOND_MISSING}"
            """);

        var result = _home.Load(new Dictionary<string, string> { ["SET_ONE"] = "hunter2" });

        Assert.Equal(2, result.Errors.Count);
        ResultAssert.HasError(result, _home.At(IdentityProviderFile, 3, 1), "'FIRST_MISSING' is not set", "sms_url");
        ResultAssert.HasError(result, _home.At(IdentityProviderFile, 3, 1), "'SECOND_MISSING' is not set");
        Assert.DoesNotContain(result.Errors, e => e.Message.Contains("hunter2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("${env:1ABC}", "not a valid environment variable name")]
    [InlineData("${env:}", "not a valid environment variable name")]
    [InlineData("${env:A-B}", "not a valid environment variable name")]
    [InlineData("${env:OPEN", "without its closing")]
    public void Load_MalformedReference_IsAnErrorAtTheKey(string value, string fragment)
    {
        _home.WriteIdentityProvider("SMSOTP", $"name = \"SMSOTP\"\n[federated.sms_otp]\nkey = \"{value}\"\n");

        var result = _home.Load(new Dictionary<string, string> { ["OPEN"] = "x" });

        var error = Assert.Single(result.Errors);
        Assert.Equal(_home.At(IdentityProviderFile, 3, 1), error.Location);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ValueOfAVariable_IsNotSearchedForFurtherReferences()
    {
        _home.WriteIdentityProvider("SMSOTP", """
            name = "SMSOTP"
            [federated.sms_otp]
            key = "${env:OUTER}"
            """);

        var result = _home.Load(new Dictionary<string, string> { ["OUTER"] = "${env:INNER}" });

        var properties = ResultAssert.Valid(result).IdentityProviders[0].Federated[0].Properties;
        Assert.Equal("${env:INNER}", properties.GetString("key", ""));
    }

    [Fact]
    public void Load_ReferencesInTypedSectionsAndServiceProviders_AreResolved()
    {
        _home.WriteDeployment(TempHome.MinimalDeployment + """

            [database]
            type = "postgres"
            connection = "Host=127.0.0.1;Password=${env:DB_PASSWORD}"
            """)
            .WriteServiceProvider("app", """
                name = "app"
                [oidc]
                client_id = "app"
                client_secret = "${env:APP_SECRET}"
                callback_urls = ["${env:APP_BASE}/cb"]
                [[authentication.steps]]
                options = [{ authenticator = "basic" }]
                """);

        var result = _home.Load(new Dictionary<string, string>
        {
            ["DB_PASSWORD"] = "pw",
            ["APP_SECRET"] = "s3cret",
            ["APP_BASE"] = "https://app.example.com",
        });

        var configuration = ResultAssert.Valid(result);
        Assert.Equal("Host=127.0.0.1;Password=pw", configuration.Deployment.Database.Connection);
        Assert.Equal("s3cret", configuration.ServiceProviders[0].Oidc.ClientSecret);
        Assert.Equal(["https://app.example.com/cb"], configuration.ServiceProviders[0].Oidc.CallbackUrls);
    }

    [Fact]
    public void Load_ProcessEnvironmentByDefault_IsUsedWhenNoFunctionIsGiven()
    {
        const string Variable = "PICKUP_CONFIG_TEST_VARIABLE_7F3A";
        _home.WriteIdentityProvider("SMSOTP", $"name = \"${{env:{Variable}}}\"\n");
        Environment.SetEnvironmentVariable(Variable, "FromProcess");
        try
        {
            var configuration = ResultAssert.Valid(Pickup.Core.Configuration.ConfigurationLoader.Load(_home.Root));

            Assert.Equal("FromProcess", configuration.IdentityProviders[0].Name);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }
}
