using Pickup.Abstractions.Pages;
using Pickup.Abstractions.Testing.Rendering;

namespace Contoso.Pin.Tests;

/// <summary>The page, rendered by the engine's own renderer: escaping, texts in every language, no misspelt variable.</summary>
public sealed class PinPageTests
{
    private readonly PageRenderer _renderer = new(Path.Combine(AppContext.BaseDirectory, "endpoints"));

    [Theory]
    [InlineData("en", "Enter your PIN, alex")]
    [InlineData("es", "Escriba su PIN, alex")]
    public void Page_RendersInEachLanguage_WithTheFormTheEngineNeeds(string language, string heading)
    {
        var html = _renderer.Render(new PageView(PinNames.Template, new PinPageModel(false, "alex")), language, "attempt-1");

        Assert.Contains(heading, html, StringComparison.Ordinal);
        Assert.Contains($"action=\"{PageRenderer.FormAction}\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"sessionDataKey\" value=\"attempt-1\"", html, StringComparison.Ordinal);
        Assert.Contains($"name=\"{PageRenderer.AntiforgeryFieldName}\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"pin\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("role=\"alert\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_AfterAMismatch_ShowsTheReason_AndEscapesTheName()
    {
        var html = _renderer.Render(new PageView(PinNames.Template, new PinPageModel(true, "<alex>")));

        Assert.Contains("That PIN is not right.", html, StringComparison.Ordinal);
        Assert.Contains("&lt;alex&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<alex>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryFailureKey_HasASentenceInEachLanguage()
    {
        foreach (var language in new[] { "en", "es" })
        {
            foreach (var key in new[] { PinNames.MismatchKey, PinNames.NoPinKey, PinNames.NoUserKey })
            {
                var texts = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "endpoints", "i18n", language + ".json"));
                Assert.Contains($"\"{key}\"", texts, StringComparison.Ordinal);
            }
        }
    }
}
