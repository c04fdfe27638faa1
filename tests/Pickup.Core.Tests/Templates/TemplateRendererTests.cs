using Pickup.Core.Templates;

namespace Pickup.Core.Tests.Templates;

public sealed class TemplateRendererTests : IDisposable
{
    private static readonly IReadOnlyDictionary<string, object?> NoGlobals = new Dictionary<string, object?>();

    private readonly TemplateDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Render_ModelValueWithScriptAndQuotes_IsHtmlEncoded()
    {
        _directory.Write("area/page", "<p title=\"{{ name }}\">{{ name }}</p>");
        var renderer = new TemplateRenderer(_directory.Root);

        var html = renderer.Render("area/page", new { Name = "<script>alert('x')</script>\"" }, NoGlobals, "en");

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("'x'", html, StringComparison.Ordinal);
        Assert.Equal(
            "<p title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;</p>",
            html);
    }

    [Fact]
    public void Render_GlobalValueWithMarkup_IsHtmlEncoded()
    {
        _directory.Write("area/page", "<input value=\"{{ session_data_key }}\">");
        var renderer = new TemplateRenderer(_directory.Root);
        var globals = new Dictionary<string, object?> { ["session_data_key"] = "\"><b>" };

        var html = renderer.Render("area/page", new { }, globals, "en");

        Assert.Equal("<input value=\"&quot;&gt;&lt;b&gt;\">", html);
    }

    [Fact]
    public void Render_RawFunction_WritesValueUnencoded()
    {
        _directory.Write("area/page", "{{ raw markup }}|{{ markup }}");
        var renderer = new TemplateRenderer(_directory.Root);

        var html = renderer.Render("area/page", new { Markup = "<b>bold</b>" }, NoGlobals, "en");

        Assert.Equal("<b>bold</b>|&lt;b&gt;bold&lt;/b&gt;", html);
    }

    [Fact]
    public void Render_MisspeltVariable_ThrowsNamingTheFile()
    {
        _directory.Write("area/page", "line one\n{{ eror_message }}");
        var renderer = new TemplateRenderer(_directory.Root);

        var exception = Assert.Throws<TemplateException>(
            () => renderer.Render("area/page", new { ErrorMessage = "x" }, NoGlobals, "en"));

        Assert.Contains(_directory.Display("area/page.html"), exception.Message, StringComparison.Ordinal);
        Assert.Contains("eror_message", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MisspeltMemberOfListItem_Throws()
    {
        _directory.Write("area/page", "{{ for o in options }}{{ o.dispaly_name }}{{ end }}");
        var renderer = new TemplateRenderer(_directory.Root);
        var model = new { Options = new[] { new { DisplayName = "SMS" } } };

        Assert.Throws<TemplateException>(() => renderer.Render("area/page", model, NoGlobals, "en"));
    }

    [Fact]
    public void Render_NestedModelList_RendersEachItemWithSnakeCaseMembers()
    {
        _directory.Write("area/page", "{{ for o in options }}[{{ o.display_name }}/{{ o.idp }}]{{ end }}");
        var renderer = new TemplateRenderer(_directory.Root);
        var model = new
        {
            Options = new List<object>
            {
                new { DisplayName = "Username & password", Idp = (string?)null },
                new { DisplayName = "SMS", Idp = (string?)"SMSOTP" },
            },
        };

        var html = renderer.Render("area/page", model, NoGlobals, "en");

        Assert.Equal("[Username &amp; password/][SMS/SMSOTP]", html);
    }

    [Fact]
    public void Render_DictionaryModel_ImportsKeysAsGiven()
    {
        _directory.Write("area/page", "{{ title }}");
        var renderer = new TemplateRenderer(_directory.Root);

        var html = renderer.Render("area/page", new Dictionary<string, object?> { ["title"] = "A<B" }, NoGlobals, "en");

        Assert.Equal("A&lt;B", html);
    }

    [Fact]
    public void Render_ParseError_NamesFileAndLine()
    {
        _directory.Write("area/broken", "line one\nline two\n{{ if x }}never closed");
        var renderer = new TemplateRenderer(_directory.Root);

        var exception = Assert.Throws<TemplateException>(() => renderer.Render("area/broken", new { X = true }, NoGlobals, "en"));

        Assert.Contains(_directory.Display("area/broken.html") + ":3:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SecondTime_UsesTheTemplateParsedFirst()
    {
        _directory.Write("area/page", "first {{ x }}");
        var renderer = new TemplateRenderer(_directory.Root);
        var before = renderer.Render("area/page", new { X = 1 }, NoGlobals, "en");

        _directory.Write("area/page", "second {{ x }}");
        var after = renderer.Render("area/page", new { X = 1 }, NoGlobals, "en");

        Assert.Equal("first 1", before);
        Assert.Equal("first 1", after);
    }

    [Fact]
    public async Task Render_ConcurrentRequests_EachGetsItsOwnModel()
    {
        _directory.Write("area/page", "<p>{{ n }}</p>");
        var renderer = new TemplateRenderer(_directory.Root);

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(
            n => Task.Run(() => (n, html: renderer.Render("area/page", new { N = n }, NoGlobals, "en")))));

        Assert.All(results, r => Assert.Equal($"<p>{r.n}</p>", r.html));
    }

    [Theory]
    [InlineData("../secret")]
    [InlineData("area/../../secret")]
    [InlineData("/etc/passwd")]
    [InlineData("area\\page")]
    [InlineData("area/page.html")]
    [InlineData("")]
    public void Exists_MalformedName_ReturnsFalseAndRenderRefuses(string template)
    {
        _directory.Write("area/page", "x");
        var renderer = new TemplateRenderer(_directory.Root);

        Assert.False(renderer.Exists(template));
        Assert.Throws<ArgumentException>(() => renderer.Render(template, new { }, NoGlobals, "en"));
    }

    [Fact]
    public void Exists_PresentAndMissingTemplates_AnswersEach()
    {
        _directory.Write("area/page", "x");
        var renderer = new TemplateRenderer(_directory.Root);

        Assert.True(renderer.Exists("area/page"));
        Assert.False(renderer.Exists("area/other"));
    }

    [Fact]
    public void Render_MissingTemplate_ThrowsFileNotFound()
    {
        var renderer = new TemplateRenderer(_directory.Root);

        Assert.Throws<FileNotFoundException>(() => renderer.Render("area/missing", new { }, NoGlobals, "en"));
    }
}
