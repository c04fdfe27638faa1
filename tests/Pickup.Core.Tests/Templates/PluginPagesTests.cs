using Pickup.Core.Flow;
using Pickup.Core.Templates;

namespace Pickup.Core.Tests.Templates;

/// <summary>
/// The start-up check of what plugins ship: a name two plugins both ship is refused naming both, a page no URL serves
/// is refused, and a template's variables are checked against the page model declared for it.
/// </summary>
public sealed class PluginPagesTests : IDisposable
{
    private readonly TemplateDirectory _installation = new();
    private readonly TemplateDirectory _theme = new();
    private readonly TemplateDirectory _first = new();
    private readonly TemplateDirectory _second = new();

    public PluginPagesTests()
    {
        _installation.WriteFile("i18n/en.json", """{ "error.generic": "Something went wrong.", "page.title": "Title" }""");
    }

    public void Dispose()
    {
        _installation.Dispose();
        _theme.Dispose();
        _first.Dispose();
        _second.Dispose();
    }

    [Fact]
    public void ValidateAll_TwoPluginsShipTheSameTemplate_ErrorNamesBothPlugins()
    {
        _first.Write("acmeendpoint/pin", "<p>first</p>");
        _second.Write("acmeendpoint/pin", "<p>second</p>");

        var error = Assert.Single(Validate());

        Assert.Equal(_second.Display("acmeendpoint/pin.html"), error.Location.File);
        Assert.Contains("'acmeendpoint/pin'", error.Message, StringComparison.Ordinal);
        Assert.Contains("plugin Acme.First", error.Message, StringComparison.Ordinal);
        Assert.Contains("plugin Acme.Second", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateAll_TwoPluginsShipTheSameTextKey_ErrorAtTheSecondKeyNamesBoth()
    {
        _first.WriteFile("i18n/en.json", """{ "pin.title": "PIN" }""");
        _second.WriteFile("i18n/en.json", "{\n  \"other\": \"x\",\n  \"pin.title\": \"Your PIN\"\n}");

        var error = Assert.Single(Validate());

        Assert.Equal(_second.Display("i18n/en.json"), error.Location.File);
        Assert.Equal(3, error.Location.Line);
        Assert.Contains("'pin.title'", error.Message, StringComparison.Ordinal);
        Assert.Contains("plugin Acme.First", error.Message, StringComparison.Ordinal);
        Assert.Contains("plugin Acme.Second", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateAll_TwoPluginsShipTheSameStaticPath_ErrorNamesBoth()
    {
        _first.WriteFile("static/js/pin.js", "1");
        _second.WriteFile("static/js/pin.js", "2");
        _second.WriteFile("static/js/other.js", "3");

        var error = Assert.Single(Validate());

        Assert.Equal(_second.Display("static/js/pin.js"), error.Location.File);
        Assert.Contains("'static/js/pin.js'", error.Message, StringComparison.Ordinal);
        Assert.Contains("plugin Acme.First", error.Message, StringComparison.Ordinal);
        Assert.Contains("plugin Acme.Second", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateAll_ThemeAndInstallationOverrideAPluginsTemplateAndText_Allowed()
    {
        _first.Write("acmeendpoint/pin", "<p>{{ t \"pin.title\" }}</p>");
        _first.WriteFile("i18n/en.json", """{ "pin.title": "PIN", "page.title": "Plugin's" }""");
        _theme.Write("acmeendpoint/pin", "<p class=\"themed\">{{ t \"pin.title\" }}</p>");
        _theme.WriteFile("i18n/en.json", """{ "pin.title": "Your PIN" }""");

        var renderer = Renderer();

        Assert.Empty(renderer.ValidateAll([]));
        Assert.Equal("<p class=\"themed\">Your PIN</p>", renderer.Render("acmeendpoint/pin", new { }, new Dictionary<string, object?>(), "en"));
    }

    [Theory]
    [InlineData("acmeendpoint/pin_code")]
    [InlineData("acmeendpoint/pin2")]
    [InlineData("acme/pin")]
    [InlineData("Acmeendpoint/pin")]
    [InlineData("acmeendpoint/pin/extra")]
    public void ValidateAll_PluginShipsAPageNoUrlServes_Refused(string template)
    {
        _first.Write(template, "<p>never served</p>");

        var error = Assert.Single(Validate());

        Assert.Equal(_first.Display(template + ".html"), error.Location.File);
        Assert.Contains("no URL can serve", error.Message, StringComparison.Ordinal);
        Assert.Contains("plugin Acme.First", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acmeendpoint/pin", true)]
    [InlineData("authenticationendpoint/multi-option", true)]
    [InlineData("smsotpauthenticationendpoint/smsotpError", true)]
    [InlineData("acmeendpoint/pin_code", false)]
    [InlineData("acmeendpoint/pin2", false)]
    [InlineData("acme/pin", false)]
    [InlineData("acmeendpoint", false)]
    [InlineData("acmeendpoint/", false)]
    [InlineData("a/b/c", false)]
    public void CanServe_MatchesTheRoutes(string template, bool served)
    {
        Assert.Equal(served, PageRoutes.CanServe(template));
    }

    [Fact]
    public void ValidateAll_MisspeltVariable_ErrorAtItsLineAndColumn()
    {
        _first.Write("acmeendpoint/pin", "<p>{{ t \"page.title\" }}</p>\n<p>{{ if error_key }}{{ t error_key }}{{ end }} {{ digts }}</p>");

        var error = Assert.Single(Renderer().ValidateAll([Declared<PinPageModel>("acmeendpoint/pin")]));

        Assert.Equal(_first.Display("acmeendpoint/pin.html"), error.Location.File);
        Assert.Equal(2, error.Location.Line);
        Assert.Equal("<p>{{ if error_key }}{{ t error_key }}{{ end }} {{ ".Length + 1, error.Location.Column);
        Assert.Contains("'digts'", error.Message, StringComparison.Ordinal);
        Assert.Contains("PinPageModel", error.Message, StringComparison.Ordinal);
        Assert.Contains("digits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateAll_ThemeOverrideWithMisspeltVariable_ErrorInTheThemeFile()
    {
        _first.Write("acmeendpoint/pin", "{{ digits }}");
        _theme.Write("acmeendpoint/pin", "{{ digit }}");

        var error = Assert.Single(Renderer().ValidateAll([Declared<PinPageModel>("acmeendpoint/pin")]));

        Assert.Equal(new Abstractions.Configuration.SourceLocation(_theme.Display("acmeendpoint/pin.html"), 1, 4), error.Location);
    }

    [Fact]
    public void ValidateAll_ModelGlobalsAssignmentsLoopsAndBuiltins_NoErrors()
    {
        _first.Write(
            "acmeendpoint/pin",
            """
            <html lang="{{ lang }}"><form action="{{ form_action }}"><input name="sessionDataKey" value="{{ session_data_key }}">
            <input name="{{ antiforgery_field_name }}" value="{{ antiforgery_token }}">
            {{ max = digits; if max < 8; max = 8; end }}{{ max }} {{ error_key | string.upcase }} {{ raw digits }}
            {{ for option in options }}{{ option.label }}{{ if for.first }}!{{ end }}{{ end }}{{ owner.name }}
            {{ capture note }}x{{ end }}{{ note }}
            """);

        Assert.Empty(Renderer().ValidateAll([Declared<PinPageModel>("acmeendpoint/pin")]));
    }

    [Fact]
    public void ValidateAll_MisspeltMemberOfALoopItemAndOfANestedObject_Reported()
    {
        _first.Write("acmeendpoint/pin", "{{ for option in options }}{{ option.lable }}{{ end }}\n{{ owner.nmae }}");

        var errors = Renderer().ValidateAll([Declared<PinPageModel>("acmeendpoint/pin")]);

        Assert.Equal(2, errors.Count);
        Assert.Contains("'lable' is not a member of PinOption", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal((1, 38), (errors[0].Location.Line, errors[0].Location.Column));
        Assert.Contains("'nmae' is not a member of PinOwner", errors[1].Message, StringComparison.Ordinal);
        Assert.Equal((2, 10), (errors[1].Location.Line, errors[1].Location.Column));
    }

    [Fact]
    public void ValidateAll_UndeclaredTemplate_VariablesNotChecked()
    {
        _first.Write("acmeendpoint/pin", "{{ anything }}");

        Assert.Empty(Renderer().ValidateAll([]));
    }

    [Fact]
    public void ValidateAll_ShippedMultiOptionPage_MatchesTheEnginesModel()
    {
        var renderer = new TemplateRenderer(TemplateDirectory.ShippedRoots());

        Assert.Empty(renderer.ValidateAll([new DeclaredPage("authenticationendpoint/multi-option", typeof(MultiOptionModel), "the engine")]));
    }

    [Fact]
    public void ValidateAll_ShippedMultiOptionPageAgainstAModelLackingAVariable_Reported()
    {
        var renderer = new TemplateRenderer(TemplateDirectory.ShippedRoots());

        var errors = renderer.ValidateAll([new DeclaredPage("authenticationendpoint/multi-option", typeof(PinPageModel), "a test")]);

        Assert.Contains(errors, e => e.Message.Contains("'display_name' is not a member of PinOption", StringComparison.Ordinal));
    }

    private static DeclaredPage Declared<TModel>(string template) => new(template, typeof(TModel), "authenticator 'acme_pin'");

    private TemplateRenderer Renderer() => new(
    [
        PageRoot.Theme(_theme.Root),
        PageRoot.Installation(_installation.Root),
        PageRoot.Plugin("Acme.First", _first.Root),
        PageRoot.Plugin("Acme.Second", _second.Root),
    ]);

    private IReadOnlyList<Abstractions.Configuration.ConfigurationError> Validate() => Renderer().ValidateAll([]);

    private sealed record PinPageModel(int Digits, string? ErrorKey, IReadOnlyList<PinOption> Options, PinOwner Owner);

    private sealed record PinOption(string Label, string Authenticator, string Idp);

    private sealed record PinOwner(string Name);
}
