using Pickup.Core.Templates;

namespace Pickup.Core.Tests.Templates;

/// <summary>A theme folder placed first among the renderer's folders overrides templates and single texts.</summary>
public sealed class ThemeTests : IDisposable
{
    private static readonly Dictionary<string, object?> Globals = new()
    {
        ["session_data_key"] = "sdk",
        ["form_action"] = "/commonauth",
        ["antiforgery_field_name"] = "__RequestVerificationToken",
        ["antiforgery_token"] = "token",
    };

    private readonly TemplateDirectory _theme = new();
    private readonly TemplateDirectory _plugin = new();

    public void Dispose()
    {
        _theme.Dispose();
        _plugin.Dispose();
    }

    [Fact]
    public void Render_ThemeHasTheTemplate_ThemeTemplateIsUsed()
    {
        _theme.Write("authenticationendpoint/login", "<h1 class=\"acme\">{{ t \"login.title\" }}</h1>{{ if error_key }}!{{ end }}");
        var renderer = Renderer();

        var html = renderer.Render("authenticationendpoint/login", new { ErrorKey = (string?)null, LoginHint = (string?)null }, Globals, "es");

        Assert.Equal("<h1 class=\"acme\">Iniciar sesión</h1>", html);
    }

    [Fact]
    public void Render_ThemeOverridesOneText_ThatTextChangesOthersStay()
    {
        _theme.WriteFile("i18n/en.json", """{ "login.title": "Driver sign-in" }""");
        var renderer = Renderer();

        var english = renderer.Render("authenticationendpoint/login", new { ErrorKey = (string?)null, LoginHint = (string?)null }, Globals, "en");
        var spanish = renderer.Render("authenticationendpoint/login", new { ErrorKey = (string?)null, LoginHint = (string?)null }, Globals, "es");

        Assert.Contains("<h1>Driver sign-in</h1>", english, StringComparison.Ordinal);
        Assert.Contains("<label for=\"username\">Username</label>", english, StringComparison.Ordinal);
        Assert.Contains("<h1>Iniciar sesión</h1>", spanish, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ThemeAddsALanguage_PagesShowItAndFallBackToEnglishPerKey()
    {
        _theme.WriteFile("i18n/fr.json", """{ "login.title": "Connexion" }""");
        var renderer = Renderer();

        var language = renderer.NegotiateLanguage("fr-CA,fr;q=0.9,en;q=0.5");
        var html = renderer.Render("authenticationendpoint/login", new { ErrorKey = (string?)null, LoginHint = (string?)null }, Globals, language);

        Assert.Equal("fr", language);
        Assert.Contains("<html lang=\"fr\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Connexion</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"username\">Username</label>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PluginShipsTextsForItsPage_MergedButTheInstallationWinsPerKey()
    {
        _plugin.Write("confirmendpoint/confirm", "{{ t \"confirm.prompt\" }}|{{ t \"error.hint\" }}");
        _plugin.WriteFile("i18n/en.json", """{ "confirm.prompt": "Is this you?", "error.hint": "Plugin hint" }""");
        _plugin.WriteFile("i18n/es.json", """{ "confirm.prompt": "¿Eres tú?" }""");
        var renderer = Renderer();

        Assert.Equal("Is this you?|Go back to the app and sign in again.", renderer.Render("confirmendpoint/confirm", new { }, Globals, "en"));
        Assert.Equal("¿Eres tú?|Vuelve a la aplicación e inicia sesión de nuevo.", renderer.Render("confirmendpoint/confirm", new { }, Globals, "es"));
    }

    [Fact]
    public void Exists_TemplateOnlyInTheTheme_IsFound()
    {
        _theme.Write("authenticationendpoint/help", "help");

        Assert.True(Renderer().Exists("authenticationendpoint/help"));
    }

    private TemplateRenderer Renderer() =>
        new([PageRoot.Theme(_theme.Root), .. TemplateDirectory.ShippedRoots(), PageRoot.Plugin("Acme.Confirm", _plugin.Root)]);
}
