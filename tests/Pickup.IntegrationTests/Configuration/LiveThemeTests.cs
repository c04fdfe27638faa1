using System.Net;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Configuration;

/// <summary>
/// A designer edits the theme of a running engine: a text and a page template changed in <c>themes/&lt;theme&gt;/</c>
/// are served within 5 s, without a restart; a template that would not render is refused and the old one kept.
/// </summary>
public sealed class LiveThemeTests : IAsyncLifetime
{
    private const string Texts = "themes/live/i18n/en.json";
    private const string ErrorPage = "themes/live/authenticationendpoint/error.html";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(5);

    private readonly TestHome _home = new("http://127.0.0.1:1/sms/json?to=$ctx.num&text=$ctx.msg");
    private EngineServer _engine = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_home.FilePath("themes/live/i18n"));
        Directory.CreateDirectory(_home.FilePath("themes/live/authenticationendpoint"));
        _home.Write(Texts, """{ "error.hint": "Theme hint one" }""");
        _home.Write(ErrorPage, File.ReadAllText(Path.Combine(TestInstallation.RepositoryRoot, "endpoints", "authenticationendpoint", "error.html")));
        _home.Append("conf/deployment.toml", "\n[ui]\ntheme = \"live\"\n");
        _engine = await EngineServer.StartAsync(_home);
        _http = new HttpClient { BaseAddress = _engine.BaseUrl };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _engine.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task TextAndTemplateEdits_AreServedWithoutARestart()
    {
        Assert.Contains("Theme hint one", await ErrorPageAsync(), StringComparison.Ordinal);

        _home.Write(Texts, """{ "error.hint": "Theme hint two" }""");
        await WaitForPageAsync(page => page.Contains("Theme hint two", StringComparison.Ordinal));

        _home.Write(ErrorPage, File.ReadAllText(_home.FilePath(ErrorPage)).Replace("</main>", "<p id=\"edited\">Edited live</p>\n  </main>", StringComparison.Ordinal));
        await WaitForPageAsync(page => page.Contains("Edited live", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TemplateThatWouldNotRender_IsRefused_TheOldPageStays()
    {
        _home.Write(ErrorPage, File.ReadAllText(_home.FilePath(ErrorPage)).Replace("</main>", "<p>{{ no_such_variable }}</p>\n  </main>", StringComparison.Ordinal));
        // A good edit after it shows the watcher looked at the broken one in between.
        await Task.Delay(TimeSpan.FromSeconds(2));
        _home.Write(Texts, """{ "error.hint": "Theme hint three" }""");
        await Task.Delay(TimeSpan.FromSeconds(2));

        var page = await ErrorPageAsync();
        Assert.DoesNotContain("no_such_variable", page, StringComparison.Ordinal);
        // The whole edit (both files as they are now) is refused while the template is broken: the old texts stay.
        Assert.Contains("Theme hint one", page, StringComparison.Ordinal);
    }

    private async Task<string> ErrorPageAsync()
    {
        using var response = await _http.GetAsync(new Uri("/authenticationendpoint/error?authFailureMsg=request.invalid", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task WaitForPageAsync(Func<string, bool> shows)
    {
        var deadline = DateTime.UtcNow + Within;
        string page;
        do
        {
            page = await ErrorPageAsync();
            if (shows(page))
            {
                return;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"the edit was not served within {Within.TotalSeconds} s:\n{page}");
    }
}
