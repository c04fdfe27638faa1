using Pickup.Core.Templates;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Totp;

/// <summary>
/// The TOTP plugin's pages as the engine renders them from the installation: its templates and texts come from its
/// own folder (<c>plugins/Pickup.Plugins.Totp/endpoints/</c>), every variable and text key resolves, in English and
/// Spanish, and the enrolment page carries its QR code inline.
/// </summary>
public sealed class TotpPagesTests
{
    private static readonly string PluginEndpoints =
        Path.Combine(TestInstallation.InstallDirectory, "plugins", "Pickup.Plugins.Totp", "endpoints");

    private static readonly Dictionary<string, object?> Globals = new()
    {
        ["session_data_key"] = "sdk-1",
        ["form_action"] = "/commonauth",
        ["antiforgery_field_name"] = "__RequestVerificationToken",
        ["antiforgery_token"] = "token-1",
    };

    [Fact]
    public void PluginFolder_HoldsItsTemplatesAndTexts_AndTheyValidate()
    {
        foreach (var file in new[] { "totpauthenticationendpoint/totp.html", "totpauthenticationendpoint/enroll.html", "totpauthenticationendpoint/error.html", "i18n/en.json", "i18n/es.json" })
        {
            Assert.True(File.Exists(Path.Combine(PluginEndpoints, file)), $"the build did not copy {file} into the plugin's folder");
        }

        var renderer = Renderer();
        Assert.DoesNotContain(renderer.ValidateAll(), e => e.Location.File.Contains("totp", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("es", renderer.Languages);
    }

    [Theory]
    [InlineData("en", "Set up an authenticator app")]
    [InlineData("es", "Configura una aplicación de autenticación")]
    public void EnrolmentPage_RendersTheSvgTheKeyAndTheForm(string language, string heading)
    {
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 29 29\"><path d=\"M4 4h7v1h-7z\"/></svg>";
        // The names TotpEnrollPageModel's properties take (the plugin is loaded from the installation, not referenced).
        var model = new Dictionary<string, object?>
        {
            ["error_key"] = null,
            ["qr_svg"] = svg,
            ["secret_groups"] = "ABCD EFGH",
            ["issuer"] = "Pickup <Dispatch>",
            ["account_name"] = "alex",
            ["code_length"] = 6,
        };

        var html = Renderer().Render("totpauthenticationendpoint/enroll", model, Globals, language);

        Assert.Contains(heading, html, StringComparison.Ordinal);
        Assert.Contains(svg, html, StringComparison.Ordinal);
        Assert.Contains("ABCD EFGH", html, StringComparison.Ordinal);
        Assert.Contains("Pickup &lt;Dispatch&gt;", html, StringComparison.Ordinal);
        Assert.Contains("name=\"totpCode\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"__RequestVerificationToken\" value=\"token-1\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("totp.code.mismatch", "That code is not right")]
    [InlineData("totp.code.used", "already used")]
    public void CodePage_ShowsTheFailureAsASentence(string key, string sentence)
    {
        var html = Renderer().Render("totpauthenticationendpoint/totp", new Dictionary<string, object?> { ["error_key"] = key, ["code_length"] = 6 }, Globals, "en");

        Assert.Contains(sentence, html, StringComparison.Ordinal);
        Assert.Contains("autocomplete=\"one-time-code\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorPage_RendersInSpanish()
    {
        var html = Renderer().Render("totpauthenticationendpoint/error", new Dictionary<string, object?> { ["message_key"] = "totp.account.locked" }, Globals, "es");

        Assert.Contains("Esta cuenta está bloqueada", html, StringComparison.Ordinal);
    }

    private static TemplateRenderer Renderer() =>
        new([Path.Combine(TestInstallation.InstallDirectory, "endpoints"), PluginEndpoints]);
}
