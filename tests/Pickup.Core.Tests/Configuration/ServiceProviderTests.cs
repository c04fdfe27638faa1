namespace Pickup.Core.Tests.Configuration;

public sealed class ServiceProviderTests : IDisposable
{
    private const string AppFile = "conf/service-providers/app.toml";

    private readonly TempHome _home = new();

    public ServiceProviderTests()
    {
        _home.WriteDeployment(TempHome.MinimalDeployment + """

            [authentication.authenticator.totp]
            name = "TOTP"
            enable = false
            """)
            .WriteIdentityProvider("SMSOTP", TempHome.SmsOtpIdentityProvider);
    }

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Load_StepUsingUnconfiguredAuthenticator_NamesTheConfiguredOnes()
    {
        WriteApp(steps: "options = [{ authenticator = \"bsic\" }]");

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(AppFile, 7, 14), error.Location);
        Assert.Contains("step 1 uses authenticator 'bsic'", error.Message, StringComparison.Ordinal);
        Assert.Contains("configured: basic, sms_otp, totp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_StepUsingDisabledAuthenticator_SaysItIsDisabled()
    {
        WriteApp(steps: "options = [{ authenticator = \"basic\" }, { authenticator = \"totp\" }]");

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(AppFile, 7, 43), error.Location);
        Assert.Contains("'totp'", error.Message, StringComparison.Ordinal);
        Assert.Contains("disabled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_StepUsingUnknownIdentityProvider_NamesTheKnownOnes()
    {
        WriteApp(steps: "options = [{ idp = \"SMS\" }]");

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(AppFile, 7, 14), error.Location);
        Assert.Contains("identity provider 'SMS'", error.Message, StringComparison.Ordinal);
        Assert.Contains("known: SMSOTP", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("enable = true\ndefault = false")]
    [InlineData("enable = false\ndefault = true")]
    public void Load_IdentityProviderWithoutEnabledDefault_CannotBeUsedInAStep(string federatedFlags)
    {
        _home.WriteIdentityProvider("SMSOTP", $"name = \"SMSOTP\"\n[federated.sms_otp]\n{federatedFlags}\n");
        WriteApp(steps: "options = [{ idp = \"SMSOTP\" }]");

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(AppFile, 7, 14), error.Location);
        Assert.Contains("no enabled [federated.<id>] table with default = true", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("totp", "disabled")]
    [InlineData("push", "no [authentication.authenticator.push] table")]
    public void Load_IdentityProviderWhoseDefaultAuthenticatorIsNotEnabled_CannotBeUsedInAStep(string id, string fragment)
    {
        _home.WriteIdentityProvider("SMSOTP", $"name = \"SMSOTP\"\n[federated.{id}]\ndefault = true\n");
        WriteApp(steps: "options = [{ idp = \"SMSOTP\" }]");

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(AppFile, 7, 14), error.Location);
        Assert.Contains($"default federated authenticator '{id}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("options = [{ authenticator = \"basic\", idp = \"SMSOTP\" }]", "exactly one of 'authenticator'")]
    [InlineData("options = [{}]", "exactly one of 'authenticator'")]
    [InlineData("options = [{ authenticator = \"\" }]", "must not name an empty authenticator")]
    [InlineData("options = []", "must list at least one option")]
    [InlineData("use_subject = true", "'options' is required in step 1")]
    [InlineData("options = [\"basic\"]", "must be a list of tables")]
    public void Load_MalformedStepOption_IsReportedInTheStep(string steps, string fragment)
    {
        WriteApp(steps: steps);

        var result = _home.Load();

        var error = Assert.Single(result.Errors);
        Assert.Equal(_home.Display(AppFile), error.Location.File);
        Assert.InRange(error.Location.Line, 6, 7);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ServiceProviderWithoutSteps_IsAnError()
    {
        _home.WriteServiceProvider("app", """
            name = "app"
            [oidc]
            client_id = "app"
            callback_urls = ["https://app.example.com/cb"]
            """);

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(AppFile, 1, 1), error.Location);
        Assert.Contains("at least one [[authentication.steps]]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MultiOptionStep_KeepsEveryOptionInOrder()
    {
        WriteApp(steps: "options = [{ authenticator = \"basic\" }, { idp = \"SMSOTP\" }]");

        var step = Assert.Single(ResultAssert.Valid(_home.Load()).ServiceProviders[0].Steps);

        Assert.Equal(["basic", null], step.Options.Select(o => o.Authenticator));
        Assert.Equal([null, "SMSOTP"], step.Options.Select(o => o.IdentityProvider));
    }

    [Theory]
    [InlineData("[]", "must list at least one URL")]
    [InlineData("[\"/pickup-dispatch/cb\"]", "\"/pickup-dispatch/cb\", which is not an absolute http or https URL")]
    [InlineData("[\"https://app.example.com/cb#frag\"]", "without fragment")]
    [InlineData("[\"ftp://app.example.com/cb\"]", "not an absolute http or https URL")]
    [InlineData("\"https://app.example.com/cb\"", "must be a list of strings")]
    public void Load_BadCallbackUrls_AreReportedAtTheKey(string urls, string fragment)
    {
        WriteApp(callbacks: urls);

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(AppFile, 4, 1), error.Location);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[\"/relative\"]", false)]
    [InlineData("[\"https://app.example.com/#x\"]", false)]
    [InlineData("[\"com.example.app:/logout\"]", true)]
    [InlineData("[\"http://localhost:8080/pickup-dispatch/\"]", true)]
    public void Load_PostLogoutRedirectUrls_MustBeAbsoluteWithoutFragment(string urls, bool valid)
    {
        WriteApp(extraOidc: $"post_logout_redirect_urls = {urls}");

        var result = _home.Load();

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            ResultAssert.HasError(result, _home.At(AppFile, 5, 1), "'post_logout_redirect_urls' in [oidc]");
        }
    }

    [Fact]
    public void Load_MissingNameClientIdAndCallbacks_AreEachReported()
    {
        _home.WriteServiceProvider("app", """
            [oidc]
            client_secret = "x"
            [[authentication.steps]]
            options = [{ authenticator = "basic" }]
            """);

        var result = _home.Load();

        ResultAssert.HasError(result, _home.At(AppFile, 1, 1), "'name' is required");
        ResultAssert.HasError(result, _home.At(AppFile, 1, 2), "'client_id' is required in [oidc]");
        ResultAssert.HasError(result, _home.At(AppFile, 1, 2), "'callback_urls' is required in [oidc]");
        Assert.Equal(3, result.Errors.Count);
    }

    [Fact]
    public void Load_MissingOidcTable_IsAnError()
    {
        _home.WriteServiceProvider("app", "name = \"app\"\n[[authentication.steps]]\noptions = [{ authenticator = \"basic\" }]\n");

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(AppFile, 1, 1), error.Location);
        Assert.Contains("[oidc]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateNameAndClientIdAcrossFiles_AreReportedInTheLaterFile()
    {
        WriteApp();
        _home.WriteServiceProvider("zapp", """
            name = "app"
            [oidc]
            client_id = "app"
            callback_urls = ["https://other.example.com/cb"]
            [[authentication.steps]]
            options = [{ authenticator = "basic" }]
            """);

        var result = _home.Load();

        ResultAssert.HasError(result, _home.At("conf/service-providers/zapp.toml", 1, 1), "service provider name 'app' is already used in", _home.Display(AppFile));
        ResultAssert.HasError(result, _home.At("conf/service-providers/zapp.toml", 3, 1), "client_id 'app' is already used in");
        Assert.Equal(2, result.Errors.Count);
    }

    [Fact]
    public void Load_SubjectClaimUri_IsTakenFromClaims()
    {
        WriteApp(extraTables: "[claims]\nsubject_claim_uri = \"http://wso2.org/claims/mobile\"");

        var serviceProvider = ResultAssert.Valid(_home.Load()).ServiceProviders[0];

        Assert.Equal("http://wso2.org/claims/mobile", serviceProvider.SubjectClaimUri);
    }

    [Fact]
    public void Load_IdentityProviderWithoutName_IsAnError()
    {
        _home.WriteIdentityProvider("Nameless", "[federated.sms_otp]\ndefault = true\n");

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At("conf/identity-providers/Nameless.toml", 1, 1), error.Location);
        Assert.Contains("'name' is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateIdentityProviderName_IsReportedInTheLaterFile()
    {
        _home.WriteIdentityProvider("SMSOTP2", TempHome.SmsOtpIdentityProvider);

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At("conf/identity-providers/SMSOTP2.toml", 1, 1), error.Location);
        Assert.Contains("identity provider name 'SMSOTP' is already used in", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TwoEnabledDefaultsInOneIdentityProvider_IsReportedAtTheSecond()
    {
        _home.WriteIdentityProvider("SMSOTP", """
            name = "SMSOTP"
            [federated.sms_otp]
            default = true
            [federated.totp]
            default = true
            [federated.push]
            enable = false
            default = true
            """);

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At("conf/identity-providers/SMSOTP.toml", 5, 1), error.Location);
        Assert.Contains("[federated.sms_otp]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ProviderThatIsNotAString_IsAnError()
    {
        _home.WriteIdentityProvider("SMSOTP", "name = \"SMSOTP\"\n[federated.sms_otp]\nprovider = 1\n");

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At("conf/identity-providers/SMSOTP.toml", 3, 1), error.Location);
        Assert.Contains("'provider'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DeploymentUnreadable_DoesNotAddMisleadingReferenceErrors()
    {
        _home.WriteDeployment("[server\n");
        WriteApp(steps: "options = [{ authenticator = \"basic\" }, { idp = \"SMSOTP\" }]");

        var result = _home.Load();

        Assert.All(result.Errors, e => Assert.Equal(_home.Display("conf/deployment.toml"), e.Location.File));
    }

    [Fact]
    public void Load_ConfidentialClientOptingOutOfPkce_IsAccepted()
    {
        WriteApp(extraOidc: "client_secret = \"s3cret\"\nrequire_pkce = false");

        var serviceProvider = Assert.Single(ResultAssert.Valid(_home.Load()).ServiceProviders);

        Assert.False(serviceProvider.Oidc.RequirePkce);
    }

    [Fact]
    public void Load_PublicClientOptingOutOfPkce_IsRefusedAtTheKey()
    {
        WriteApp(extraOidc: "require_pkce = false");

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(AppFile, 5, 1), error.Location);
        Assert.Contains("public client must always use PKCE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RequirePkceNotABoolean_IsRefusedAtTheKey()
    {
        WriteApp(extraOidc: "client_secret = \"s3cret\"\nrequire_pkce = \"no\"");

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(AppFile, 6, 1), error.Location);
        Assert.Contains("'require_pkce' in [oidc] must be true or false", error.Message, StringComparison.Ordinal);
    }

    private void WriteApp(
        string steps = "options = [{ authenticator = \"basic\" }]",
        string callbacks = "[\"https://app.example.com/cb\"]",
        string extraOidc = "",
        string extraTables = "") =>
        _home.WriteServiceProvider("app", $"""
            name = "app"
            [oidc]
            client_id = "app"
            callback_urls = {callbacks}
            {extraOidc}
            [[authentication.steps]]
            {steps}
            {extraTables}
            """);
}
