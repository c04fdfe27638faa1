using Pickup.Abstractions.Configuration;
using Pickup.Core.Templates;

namespace Pickup.Core.Tests.Templates;

/// <summary>The start-up check of templates and text files: each problem at its file, line and column.</summary>
public sealed class ValidateAllTests : IDisposable
{
    private readonly TemplateDirectory _directory = new();

    public ValidateAllTests()
    {
        _directory.WriteFile("i18n/en.json", """{ "page.title": "Title", "page.sent_to": "Sent to {0}.", "error.generic": "Something went wrong." }""");
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void ValidateAll_ShippedEndpoints_NoErrors()
    {
        var errors = new TemplateRenderer(TemplateDirectory.ShippedRoots()).ValidateAll();

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void ValidateAll_BrokenTemplate_ReportsFileLineAndColumn()
    {
        _directory.Write("area/good", "{{ t \"page.title\" }}");
        _directory.Write("area/broken", "<p>one</p>\n<p>two</p>\n  {{ if x }}never closed");

        var errors = new TemplateRenderer(_directory.Root).ValidateAll();

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal(_directory.Display("area/broken.html"), e.Location.File));
        Assert.All(errors, e => Assert.Equal(3, e.Location.Line));
        Assert.All(errors, e => Assert.InRange(e.Location.Column, 3, "  {{ if x }}never closed".Length + 1));
        Assert.All(errors, e => Assert.Contains("does not parse", e.Message, StringComparison.Ordinal));
        Assert.StartsWith(_directory.Display("area/broken.html") + ":3:", errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateAll_MissingBrace_ReportedAtTheStrayBrace()
    {
        _directory.Write("area/page", "<p>\n  {{ t \"page.title\" }</p>");

        var errors = new TemplateRenderer(_directory.Root).ValidateAll();

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal(new SourceLocation(_directory.Display("area/page.html"), 2, 21), e.Location));
        Assert.Contains(errors, e => e.Message.Contains("Invalid token found `}`", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateAll_UnknownTextKeyInTemplate_ReportedAtTheKey()
    {
        _directory.Write("area/page", "<h1>\n  {{ t \"page.titel\" }}</h1>");

        var error = Assert.Single(new TemplateRenderer(_directory.Root).ValidateAll());

        Assert.Equal(new SourceLocation(_directory.Display("area/page.html"), 2, 8), error.Location);
        Assert.Contains("'page.titel'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateAll_TextNeedsMoreValuesThanTheTemplateGives_Reported()
    {
        _directory.Write("area/page", "{{ t \"page.sent_to\" }}");

        var error = Assert.Single(new TemplateRenderer(_directory.Root).ValidateAll());

        Assert.Contains("needs 1 value(s)", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Location.Line);
    }

    [Fact]
    public void ValidateAll_TranslationNeedsMoreValuesThanEnglish_Reported()
    {
        _directory.WriteFile("i18n/es.json", """{ "page.title": "Título {0}" }""");
        _directory.Write("area/page", "{{ t \"page.title\" }}");

        var error = Assert.Single(new TemplateRenderer(_directory.Root).ValidateAll());

        Assert.Contains("i18n/es.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateAll_InvalidJson_ReportsLineAndColumn()
    {
        _directory.WriteFile("i18n/es.json", "{\n  \"page.title\": \"Título\",\n  \"page.sent_to\": Enviado\n}");

        var error = Assert.Single(new TemplateRenderer(_directory.Root).ValidateAll());

        Assert.Equal(_directory.Display("i18n/es.json"), error.Location.File);
        Assert.Equal(3, error.Location.Line);
        Assert.Equal(19, error.Location.Column);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\n  \"a\": \"x\",\n  \"a\": \"y\"\n}", 3, 3, "written twice")]
    [InlineData("{\n  \"a\": 1\n}", 2, 3, "must be a string")]
    [InlineData("{\n  \"a\": { \"b\": \"c\" }\n}", 2, 3, "must be a string")]
    [InlineData("{\n  \"á\": \"x\", \"b\": \"Sent to {0\"\n}", 2, 13, "stray '{'")]
    [InlineData("[\"a\"]", 1, 1, "one JSON object")]
    public void ValidateAll_BadTextFileEntry_ReportedAtTheKey(string json, int line, int column, string fragment)
    {
        _directory.WriteFile("i18n/es.json", json);

        var error = Assert.Single(new TemplateRenderer(_directory.Root).ValidateAll());

        Assert.Equal(new SourceLocation(_directory.Display("i18n/es.json"), line, column), error.Location);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateAll_NoGenericSentence_Reported()
    {
        _directory.WriteFile("i18n/en.json", """{ "page.title": "Title" }""");

        var error = Assert.Single(new TemplateRenderer(_directory.Root).ValidateAll());

        Assert.Contains("'error.generic'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateAll_BrokenTemplateHiddenByAnEarlierFolder_NotReported()
    {
        using var theme = new TemplateDirectory();
        theme.Write("area/page", "{{ t \"page.title\" }}");
        _directory.Write("area/page", "{{ if }}");

        Assert.Empty(new TemplateRenderer([theme.Root, _directory.Root]).ValidateAll());
    }

    [Fact]
    public void ValidateAll_BrokenThemeTemplate_ReportedInTheThemeFile()
    {
        using var theme = new TemplateDirectory();
        theme.Write("authenticationendpoint/login", "<h1>{{ t \"login.title\" }</h1>");

        var errors = new TemplateRenderer([PageRoot.Theme(theme.Root), .. TemplateDirectory.ShippedRoots()]).ValidateAll();

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal(theme.Display("authenticationendpoint/login.html"), e.Location.File));
        Assert.Contains(errors, e => e.Location is { Line: 1, Column: > 1 });
    }
}
