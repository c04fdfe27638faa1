using Pickup.Core.Templates;

namespace Pickup.Core.Tests.Templates;

/// <summary>The <c>t</c> function: language choice, fallbacks, values, and keys that come from a URL.</summary>
public sealed class TranslationTests : IDisposable
{
    private static readonly IReadOnlyDictionary<string, object?> NoGlobals = new Dictionary<string, object?>();

    private readonly TemplateDirectory _directory = new();

    public TranslationTests()
    {
        _directory.WriteFile("i18n/en.json", """
            {
              "page.title": "Sign in",
              "page.only_english": "Only in English",
              "page.sent_to": "We sent a code to {0}.",
              "code.mismatch": "That code is not right.",
              "error.generic": "Something went wrong."
            }
            """);
        _directory.WriteFile("i18n/es.json", """
            {
              "page.title": "Iniciar sesión",
              "page.sent_to": "Enviamos un código al {0}.",
              "code.mismatch": "Ese código no es correcto.",
              "error.generic": "Algo salió mal."
            }
            """);
    }

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("en", "<html lang=\"en\">Sign in</html>")]
    [InlineData("es", "<html lang=\"es\">Iniciar sesión</html>")]
    [InlineData("es-MX", "<html lang=\"es\">Iniciar sesión</html>")]
    [InlineData("fr", "<html lang=\"en\">Sign in</html>")]
    [InlineData("", "<html lang=\"en\">Sign in</html>")]
    public void Render_Language_TextsAndLangAttributeInTheNearestShippedLanguage(string language, string expected)
    {
        _directory.Write("area/page", "<html lang=\"{{ lang }}\">{{ t \"page.title\" }}</html>");

        var html = new TemplateRenderer(_directory.Root).Render("area/page", new { }, NoGlobals, language);

        Assert.Equal(expected, html);
    }

    [Fact]
    public void Render_KeyMissingInSpanish_FallsBackToEnglish()
    {
        _directory.Write("area/page", "{{ t \"page.only_english\" }}");

        var html = new TemplateRenderer(_directory.Root).Render("area/page", new { }, NoGlobals, "es");

        Assert.Equal("Only in English", html);
    }

    [Fact]
    public void Render_TextWithValue_FillsPlaceholderAndEncodesTheWhole()
    {
        _directory.Write("area/page", "{{ t \"page.sent_to\" masked_number }}");

        var html = new TemplateRenderer(_directory.Root).Render("area/page", new { MaskedNumber = "<b>**88</b>" }, NoGlobals, "es");

        Assert.Equal("Enviamos un código al &lt;b&gt;**88&lt;/b&gt;.", html);
    }

    [Fact]
    public void Render_TranslationWithMarkup_IsEncodedNotInjected()
    {
        _directory.WriteFile("i18n/en.json", """{ "page.title": "<script>x()</script>", "error.generic": "g" }""");
        _directory.Write("area/page", "{{ t \"page.title\" }}");

        var html = new TemplateRenderer(_directory.Root).Render("area/page", new { }, NoGlobals, "en");

        Assert.Equal("&lt;script&gt;x()&lt;/script&gt;", html);
    }

    [Theory]
    [InlineData("code.mismatch", "Ese código no es correcto.")]
    [InlineData("no.such.key", "Algo salió mal.")]
    [InlineData("page.sent_to", "Algo salió mal.")]
    [InlineData("<img src=x onerror=alert(1)>", "Algo salió mal.")]
    [InlineData("", "Algo salió mal.")]
    [InlineData(null, "Algo salió mal.")]
    public void Render_FailureKeyFromModel_ItsSentenceOrTheGenericOneNeverTheKey(string? key, string expected)
    {
        _directory.Write("area/page", "{{ t error_key }}");

        var html = new TemplateRenderer(_directory.Root).Render("area/page", new { ErrorKey = key }, NoGlobals, "es");

        Assert.Equal(expected, html);
    }

    [Fact]
    public void Render_UnknownFailureKeyWithNoGenericSentenceAnywhere_StillASentenceNotTheKey()
    {
        _directory.WriteFile("i18n/en.json", "{}");
        _directory.WriteFile("i18n/es.json", "{}");
        _directory.Write("area/page", "{{ t error_key }}");

        var html = new TemplateRenderer(_directory.Root).Render("area/page", new { ErrorKey = "some.key" }, NoGlobals, "en");

        Assert.DoesNotContain("some.key", html, StringComparison.Ordinal);
        Assert.Contains("Something went wrong", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LiteralKeyInNoFile_ThrowsNamingKeyAndFile()
    {
        _directory.Write("area/page", "line one\n{{ t \"page.titel\" }}");

        var exception = Assert.Throws<TemplateException>(
            () => new TemplateRenderer(_directory.Root).Render("area/page", new { }, NoGlobals, "en"));

        Assert.Contains("page.titel", exception.Message, StringComparison.Ordinal);
        Assert.Contains(_directory.Display("area/page.html"), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TextNeedsAValueTheTemplateDoesNotGive_Throws()
    {
        _directory.Write("area/page", "{{ t \"page.sent_to\" }}");

        var exception = Assert.Throws<TemplateException>(
            () => new TemplateRenderer(_directory.Root).Render("area/page", new { }, NoGlobals, "en"));

        Assert.Contains("page.sent_to", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_BrokenTextFile_ThrowsNamingFileAndLine()
    {
        _directory.WriteFile("i18n/es.json", "{\n  \"page.title\": \"x\",\n  \"page.other\" 1\n}");
        _directory.Write("area/page", "{{ t \"page.title\" }}");

        var exception = Assert.Throws<TemplateException>(
            () => new TemplateRenderer(_directory.Root).Render("area/page", new { }, NoGlobals, "es"));

        Assert.Contains(_directory.Display("i18n/es.json") + ":3:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Languages_TextFilesPresent_ListsThemWithEnglish()
    {
        _directory.WriteFile("i18n/pt-BR.json", "{}");
        _directory.WriteFile("i18n/notes.txt", "not a language");
        _directory.WriteFile("i18n/../readme.json", "{}");

        Assert.Equal(["en", "es", "pt-BR"], new TemplateRenderer(_directory.Root).Languages);
    }
}
