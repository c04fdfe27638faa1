using System.Net;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;
using Pickup.Testing;

namespace Pickup.IntegrationTests.Plugins;

/// <summary>A new factor needs no engine change: the fixture plugin is loaded because a TOML table names it.</summary>
public sealed class FixturePluginTests : IAsyncLifetime
{
    private FakeVonageServer _vonage = null!;
    private TestHome _home = null!;

    public async Task InitializeAsync()
    {
        _vonage = await FakeVonageServer.StartAsync();
        _home = new TestHome(_vonage.SmsUrl());
    }

    public async Task DisposeAsync()
    {
        await _vonage.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task ConfirmPlugin_EnabledByATomlTable_RunsAsTheSecondStep()
    {
        _home.Append("conf/deployment.toml", "\n[authentication.authenticator.confirm]\nname = \"Confirm\"\nenable = true\n[authentication.authenticator.confirm.parameters]\nPrompt = \"Is this really you, <Alex>?\"\n");
        SecondStep("""[{ authenticator = "confirm" }]""");
        await using var engine = await EngineServer.StartAsync(_home, withTestPlugins: true);
        await engine.AddDriverAsync();

        using var browser = new BrowserSession(engine.BaseUrl);
        var client = new OidcTestClient(browser, _home.CallbackUrl);
        var confirm = await PasswordStepAsync(browser, client);
        Assert.Equal("/confirmendpoint/confirm", confirm.RequestMessage!.RequestUri!.AbsolutePath);
        var html = await confirm.Content.ReadAsStringAsync();
        Assert.Contains("Is this really you, &lt;Alex&gt;?", html, StringComparison.Ordinal);

        var toApp = await browser.FollowWithinAsync(await browser.SubmitAsync(confirm, new Dictionary<string, string> { ["confirm"] = "yes" }));
        var tokens = await client.RedeemAsync(client.CodeFrom(toApp));
        Assert.Equal("94778888888", OidcTestClient.Payload(tokens.GetProperty("id_token").GetString()!).GetProperty("sub").GetString());
        Assert.Empty(_vonage.Messages);
    }

    [Fact]
    public async Task ConfirmPlugin_PageWithAnotherModelThanDeclared_DriverGetsTheErrorPage_LogNamesPluginTemplateAndTypes()
    {
        // The model it hands has the declared one's members, so only the engine's check stops the page.
        _home.Append("conf/deployment.toml", "\n[authentication.authenticator.confirm]\nname = \"Confirm\"\nenable = true\n[authentication.authenticator.confirm.parameters]\nUndeclaredModel = true\n");
        SecondStep("""[{ authenticator = "confirm" }]""");
        var logs = new CapturedLogs();
        await using var engine = await EngineServer.StartAsync(_home, withTestPlugins: true, configureServices: LogCapture.Into(logs));
        await engine.AddDriverAsync();

        using var browser = new BrowserSession(engine.BaseUrl);
        var client = new OidcTestClient(browser, _home.CallbackUrl);
        var confirm = await PasswordStepAsync(browser, client);

        Assert.Equal("/confirmendpoint/confirm", confirm.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.InternalServerError, confirm.StatusCode);
        var html = await confirm.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Confirm it is you", html, StringComparison.Ordinal);
        Assert.DoesNotContain("TemplateException", html, StringComparison.Ordinal);
        Assert.DoesNotContain("ConfirmPageModel", html, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.Contains("Error", StringComparison.Ordinal)
                                         && l.Contains("authenticator 'confirm' (plugin Pickup.TestPlugins.Confirm) built the page 'confirmendpoint/confirm' with a model of type <>f__AnonymousType", StringComparison.Ordinal)
                                         && l.Contains("but declares Pickup.TestPlugins.Confirm.ConfirmPageModel for it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StepWithTwoOptions_ShowsTheMultiOptionPage_AndTheChosenOneRuns()
    {
        _home.Append("conf/deployment.toml", "\n[authentication.authenticator.confirm]\nname = \"Confirm\"\nenable = true\n");
        SecondStep("""[{ idp = "SMSOTP" }, { authenticator = "confirm" }]""");
        await using var engine = await EngineServer.StartAsync(_home, withTestPlugins: true);
        await engine.AddDriverAsync();

        using var browser = new BrowserSession(engine.BaseUrl);
        var client = new OidcTestClient(browser, _home.CallbackUrl);
        var choice = await PasswordStepAsync(browser, client);
        Assert.Equal("/authenticationendpoint/multi-option", choice.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Empty(_vonage.Messages);

        var chosen = await browser.FollowWithinAsync(await browser.SubmitAsync(choice, new Dictionary<string, string>
        {
            ["authenticator"] = "sms_otp",
            ["idp"] = "SMSOTP",
        }));
        Assert.Equal("/smsotpauthenticationendpoint/smsotp", chosen.RequestMessage!.RequestUri!.AbsolutePath);
        await _vonage.WaitForMessageAsync("94778888888", TimeSpan.FromSeconds(10));
        var toApp = await browser.FollowWithinAsync(await browser.SubmitAsync(chosen, new Dictionary<string, string> { ["OTPcode"] = _vonage.LatestCode("94778888888") }));
        Assert.False(string.IsNullOrEmpty(client.CodeFrom(toApp)));
    }

    /// <summary>Pickup Dispatch: the password, then a second step with <paramref name="options"/> (a TOML array).</summary>
    private void SecondStep(string options) =>
        _home.Write("conf/service-providers/pickup-dispatch.toml", TestHome.ServiceProvider(_home.CallbackUrl, "http://127.0.0.1:1/", steps: $$"""
            [[authentication.steps]]
            use_subject = true
            options = [{ authenticator = "basic" }]
            [[authentication.steps]]
            options = {{options}}
            """));

    /// <summary>Starts a login and passes Alex's password step; returns the page the second step shows.</summary>
    private static async Task<HttpResponseMessage> PasswordStepAsync(BrowserSession browser, OidcTestClient client)
    {
        var login = await browser.FollowWithinAsync(await browser.GetAsync(client.AuthorizeUrl()));
        return await browser.FollowWithinAsync(await browser.SubmitAsync(login, new Dictionary<string, string>
        {
            ["username"] = "alex",
            ["password"] = "alex-password",
        }));
    }

    [Fact]
    public async Task ConfirmPlugin_NotNamedInToml_IsNotOffered()
    {
        await using var engine = await EngineServer.StartAsync(_home, withTestPlugins: true);
        using var browser = new BrowserSession(engine.BaseUrl);
        using var response = await browser.GetAsync("/confirmendpoint/confirm?sessionDataKey=x");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("nofactory", "registered no IAuthenticatorFactory")]
    [InlineData("throwing", "failed while registering its services: InvalidOperationException: the throwing fixture always fails to configure")]
    public async Task BrokenPlugin_NamedInToml_StopsStartUpWithAMessageAtItsTable(string id, string expected)
    {
        _home.Append("conf/deployment.toml", $"\n[authentication.authenticator.{id}]\nname = \"{id}\"\nenable = true\n");

        var result = await EngineServer.BuildAsync(_home, withTestPlugins: true);

        Assert.Null(result.App);
        var error = Assert.Single(result.Errors);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("deployment.toml", error.Location.File, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllLines(_home.FilePath("conf/deployment.toml")).ToList().IndexOf($"[authentication.authenticator.{id}]") + 1, error.Location.Line);
    }

    [Fact]
    public async Task UndeclaredAssemblyInPluginsFolder_IsReportedWhenAnIdIsMissing()
    {
        _home.Append("conf/deployment.toml", "\n[authentication.authenticator.undeclared]\nname = \"x\"\nenable = true\n");

        var result = await EngineServer.BuildAsync(_home, withTestPlugins: true);

        var error = Assert.Single(result.Errors);
        Assert.Contains("no plugin provides authenticator 'undeclared'", error.Message, StringComparison.Ordinal);
        Assert.Contains("confirm", error.Message, StringComparison.Ordinal);
        Assert.Contains("Pickup.TestPlugins.Undeclared (the assembly has no [assembly: PickupPlugin(...)] declaration)", error.Message, StringComparison.Ordinal);
    }
}
