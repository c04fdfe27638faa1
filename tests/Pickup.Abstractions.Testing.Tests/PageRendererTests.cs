using Pickup.Abstractions.Pages;
using Pickup.Abstractions.Testing.Rendering;
using Pickup.Core.Templates;

namespace Pickup.Abstractions.Testing.Tests;

public sealed class PageRendererTests : IDisposable
{
    private readonly string _endpoints = Directory.CreateTempSubdirectory("pickup-kit-").FullName;

    public PageRendererTests()
    {
        Directory.CreateDirectory(Path.Combine(_endpoints, "acmepinendpoint"));
        Directory.CreateDirectory(Path.Combine(_endpoints, "i18n"));
        File.WriteAllText(Path.Combine(_endpoints, "i18n", "en.json"), """{ "acme_pin.title": "Enter your PIN, {0}" }""");
        File.WriteAllText(Path.Combine(_endpoints, "i18n", "es.json"), """{ "acme_pin.title": "Escriba su PIN, {0}" }""");
        File.WriteAllText(Path.Combine(_endpoints, "acmepinendpoint", "pin.html"), """
            <html lang="{{ lang }}"><h1>{{ t "acme_pin.title" username }}</h1>
            <form action="{{ form_action }}"><input name="sessionDataKey" value="{{ session_data_key }}">
            <input name="{{ antiforgery_field_name }}" value="{{ antiforgery_token }}">{{ raw hint_html }}</form></html>
            """);
        File.WriteAllText(Path.Combine(_endpoints, "acmepinendpoint", "typo.html"), "<p>{{ usernme }}</p>");
    }

    public void Dispose() => Directory.Delete(_endpoints, recursive: true);

    [Fact]
    public void Render_EscapesValues_TranslatesAndAddsTheFormVariables()
    {
        var renderer = new PageRenderer(_endpoints);

        var html = renderer.Render(new PageView("acmepinendpoint/pin", new { Username = "<alex & co>", HintHtml = "<b>hi</b>" }), "es", "key-1");

        Assert.Contains("<h1>Escriba su PIN, &lt;alex &amp; co&gt;</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"es\">", html, StringComparison.Ordinal);
        Assert.Contains("value=\"key-1\"", html, StringComparison.Ordinal);
        Assert.Contains($"action=\"{PageRenderer.FormAction}\"", html, StringComparison.Ordinal);
        Assert.Contains($"name=\"{PageRenderer.AntiforgeryFieldName}\" value=\"{PageRenderer.AntiforgeryToken}\"", html, StringComparison.Ordinal);
        Assert.Contains("<b>hi</b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MisspeltVariable_IsAnErrorWithTheFileAndLine()
    {
        var renderer = new PageRenderer(_endpoints);

        var error = Assert.Throws<TemplateException>(() => renderer.Render("acmepinendpoint/typo", new { Username = "alex" }));

        Assert.Contains("typo.html(1,7)", error.Message, StringComparison.Ordinal);
        Assert.Contains("usernme", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("es-ES,es;q=0.9,en;q=0.5", "es")]
    [InlineData("fr, es;q=0", "en")]
    [InlineData(null, "en")]
    public void NegotiateLanguage_ChoosesAsTheEngineDoes(string? header, string expected) =>
        Assert.Equal(expected, new PageRenderer(_endpoints).NegotiateLanguage(header));
}
