using System.Net;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Configuration;

/// <summary>
/// A plugin's pages come from its own installation folder, its static files are served under a path of its own, and a
/// page that could only fail later (a misspelt variable, a name no URL serves) stops <c>config check</c> and start-up.
/// </summary>
public sealed class PluginPagesStartupTests : IDisposable
{
    private readonly TestHome _home = new("http://127.0.0.1:1/sms/json?to=$ctx.num&text=$ctx.msg");

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Installation_SharedEndpoints_HoldOnlyTheEnginesPagesAndEachPluginItsOwn()
    {
        var install = TestInstallation.InstallDirectory;
        string[] Files(string folder) => [.. Directory.EnumerateFiles(Path.Combine(install, folder), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(install, folder), f).Replace('\\', '/')).Order(StringComparer.Ordinal)];

        Assert.Equal(
            ["authenticationendpoint/error.html", "authenticationendpoint/multi-option.html", "i18n/en.json", "i18n/es.json", "static/pickup.css"],
            Files("endpoints"));
        Assert.Equal(
            ["authenticationendpoint/login.html", "i18n/en.json", "i18n/es.json"],
            Files("plugins/Pickup.Plugins.Basic/endpoints"));
        Assert.Equal(
            ["i18n/en.json", "i18n/es.json", "smsotpauthenticationendpoint/mobile.html", "smsotpauthenticationendpoint/smsotp.html", "smsotpauthenticationendpoint/smsotpError.html", "static/resend.js"],
            Files("plugins/Pickup.Plugins.SmsOtp/endpoints"));
    }

    [Fact]
    public async Task ConfigCheck_ThemeOverrideWithAMisspeltVariable_FileLineColumnAndFails()
    {
        Directory.CreateDirectory(_home.FilePath("themes/acme/smsotpauthenticationendpoint"));
        _home.Write("themes/acme/smsotpauthenticationendpoint/smsotp.html", "<p>ok {{ masked_number }}</p>\n<p>{{ masked_numbr }}</p>\n");
        _home.Append("conf/deployment.toml", "\n[ui]\ntheme = \"acme\"\n");

        var (exit, _, stderr) = await PickupCli.RunAsync(null, "config", "check", "--home", _home.Directory);

        Assert.NotEqual(0, exit);
        Assert.Matches(@"themes/acme/smsotpauthenticationendpoint/smsotp\.html:2:7: 'masked_numbr' is not a variable of the page 'smsotpauthenticationendpoint/smsotp'", stderr);
        Assert.Contains("SmsOtpPageModel", stderr, StringComparison.Ordinal);
        Assert.Contains("authenticator 'sms_otp'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigCheck_PageNameNoUrlServes_RefusedAtTheTable()
    {
        _home.Write("conf/deployment.toml", TestHome.Deployment(_home.Port)
            .Replace("smsotpauthenticationendpoint/smsotp.jsp", "smsotpauthenticationendpoint/sms_otp2.jsp", StringComparison.Ordinal));

        var (exit, _, stderr) = await PickupCli.RunAsync(null, "config", "check", "--home", _home.Directory);

        Assert.NotEqual(0, exit);
        Assert.Matches(@"deployment\.toml:\d+:\d+: authenticator 'sms_otp' uses the page template 'smsotpauthenticationendpoint/sms_otp2', which no URL can serve", stderr);
    }

    [Fact]
    public async Task Serve_PluginStaticFiles_ServedUnderThePluginsPathAndTheSharedOne()
    {
        await using var engine = await EngineServer.StartAsync(_home);
        using var http = new HttpClient { BaseAddress = engine.BaseUrl };

        using var own = await http.GetAsync(new Uri("/plugins/Pickup.Plugins.SmsOtp/static/resend.js", UriKind.Relative));
        using var shared = await http.GetAsync(new Uri("/static/resend.js", UriKind.Relative));
        using var css = await http.GetAsync(new Uri("/static/pickup.css", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("text/javascript", own.Content.Headers.ContentType?.MediaType);
        Assert.Contains("resend-wait", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(await own.Content.ReadAsStringAsync(), await shared.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
    }

    [Fact]
    public async Task Serve_FoundButNotEnabledPlugin_ItsFilesNeitherServedNorClashing_UntilEnabled()
    {
        // A plugin in <home>/plugins shipping a static file and a template the enabled SMS OTP plugin ships too.
        const string Confirm = "Pickup.TestPlugins.Confirm";
        var folder = _home.FilePath("plugins/" + Confirm);
        PluginAuthoring.CopyDirectory(Path.Combine(TestInstallation.TestPluginsDirectory, Confirm), folder);
        Directory.CreateDirectory(Path.Combine(folder, "endpoints", "static"));
        Directory.CreateDirectory(Path.Combine(folder, "endpoints", "smsotpauthenticationendpoint"));
        await File.WriteAllTextAsync(Path.Combine(folder, "endpoints", "static", "resend.js"), "// the not-enabled plugin's copy\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "endpoints", "smsotpauthenticationendpoint", "smsotp.html"), "<p>the not-enabled plugin's copy</p>\n");

        await using (var engine = await EngineServer.StartAsync(_home))
        {
            using var http = new HttpClient { BaseAddress = engine.BaseUrl };
            using var own = await http.GetAsync(new Uri($"/plugins/{Confirm}/static/resend.js", UriKind.Relative));
            using var shared = await http.GetAsync(new Uri("/static/resend.js", UriKind.Relative));

            // Not enabled: nothing of it is served, so nothing of it can hide the enabled plugin's files.
            Assert.Equal(HttpStatusCode.NotFound, own.StatusCode);
            Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
            Assert.Contains("resend-wait", await shared.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Enabled, its files would be served beside SMS OTP's: the same names are refused, naming both plugins.
        _home.Append("conf/deployment.toml", "\n[authentication.authenticator.confirm]\nname = \"Confirm\"\nenable = true\n");
        var result = await EngineServer.BuildAsync(_home);

        Assert.Null(result.App);
        Assert.Contains(result.Errors, e => e.Message.Contains("'static/resend.js' is shipped by both plugin Pickup.Plugins.SmsOtp", StringComparison.Ordinal)
                                            && e.Message.Contains("plugin " + Confirm, StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Message.Contains("'smsotpauthenticationendpoint/smsotp' is shipped by both plugin Pickup.Plugins.SmsOtp", StringComparison.Ordinal)
                                            && e.Message.Contains("plugin " + Confirm, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/plugins/Pickup.Plugins.SmsOtp/static/..%2fPickup.Plugins.SmsOtp.dll")]
    [InlineData("/plugins/Pickup.Plugins.SmsOtp/static/%2e%2e/%2e%2e/Pickup.Plugins.SmsOtp.dll")]
    [InlineData("/plugins/Pickup.Plugins.SmsOtp/static/../i18n/en.json")]
    [InlineData("/plugins/Pickup.Plugins.SmsOtp/endpoints/static/resend.js")]
    [InlineData("/plugins/Pickup.Plugins.Nexmo/static/resend.js")]
    [InlineData("/plugins/Pickup.Plugins.SmsOtp/Pickup.Plugins.SmsOtp.dll")]
    public async Task Serve_PathsOutsideAPluginsStaticFolder_NotServed(string path)
    {
        await using var engine = await EngineServer.StartAsync(_home);
        using var http = new HttpClient { BaseAddress = engine.BaseUrl };

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.Length > 1 && body[0] == 'M' && body[1] == 'Z', "an assembly was served");
    }
}
