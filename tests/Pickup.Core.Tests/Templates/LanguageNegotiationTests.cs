using Pickup.Core.Templates;

namespace Pickup.Core.Tests.Templates;

public sealed class LanguageNegotiationTests
{
    private readonly TemplateRenderer _renderer = new(TemplateDirectory.ShippedRoots());

    [Fact]
    public void Languages_Shipped_AreEnglishAndSpanish()
    {
        Assert.Equal(["en", "es"], _renderer.Languages);
    }

    [Theory]
    [InlineData(null, "en")]
    [InlineData("", "en")]
    [InlineData("es", "es")]
    [InlineData("ES", "es")]
    [InlineData("es-ES", "es")]
    [InlineData("es-419,es;q=0.9", "es")]
    [InlineData("en-US,en;q=0.9,es;q=0.8", "en")]
    [InlineData("fr-FR,fr;q=0.9,es;q=0.8,en;q=0.7", "es")]
    [InlineData("en;q=0.5,es;q=0.8", "es")]
    [InlineData("es;q=0,en", "en")]
    [InlineData("es;q=0", "en")]
    [InlineData("de, fr", "en")]
    [InlineData("*", "en")]
    [InlineData("de,*;q=0.5", "en")]
    [InlineData(";;;===,,,", "en")]
    [InlineData("es;q=abc", "en")]
    public void NegotiateLanguage_AcceptLanguage_PicksBestShippedLanguage(string? header, string expected)
    {
        Assert.Equal(expected, _renderer.NegotiateLanguage(header));
    }

    [Fact]
    public void NegotiateLanguage_HugeHeader_StillAnswersDefault()
    {
        var header = string.Join(",", Enumerable.Range(0, 5000).Select(i => $"zz-{i};q=0.5"));

        Assert.Equal("en", _renderer.NegotiateLanguage(header));
    }
}
