using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Plugins;

/// <summary>
/// The plugin author's whole path, as the README tells it, on a copy of the built installation: <c>pickup plugins new</c>
/// makes a factor project outside the repository, <c>pickup plugins install</c> builds it against the SDK package and
/// installs it, one TOML table enables it, and a driver signs in with it. No engine file is touched.
/// </summary>
public sealed class OutsidePluginTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pickup-plugin-it-").FullName;
    private readonly TestHome _home = new("http://127.0.0.1:1/sms");

    public void Dispose()
    {
        _home.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task NewAndInstall_PluginFromTheTemplate_EnabledByToml_SignsADriverIn()
    {
        var install = Path.Combine(_root, "install");
        PluginAuthoring.CopyDirectory(TestInstallation.InstallDirectory, install);
        var engineFiles = Snapshot(install);
        var hostDll = Path.Combine(install, "Pickup.Host.dll");
        var source = Path.Combine(_root, "acme-pin");

        var created = await RunAsync(hostDll, null, "plugins", "new", "Acme.Pin", "--id", "acme_pin", "--output", source);
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(File.Exists(Path.Combine(source, "src", "Acme.Pin", "Acme.Pin.csproj")), created.ToString());
        // A package reference to the SDK, never a path into this repository.
        var project = await File.ReadAllTextAsync(Path.Combine(source, "src", "Acme.Pin", "Acme.Pin.csproj"));
        Assert.Contains("<PackageReference Include=\"Pickup.Abstractions\"", project, StringComparison.Ordinal);
        Assert.DoesNotContain("ProjectReference", project, StringComparison.Ordinal);

        var installed = await RunAsync(hostDll, null, "plugins", "install", source);
        Assert.True(installed.ExitCode == 0, installed.ToString());
        var plugin = Path.Combine(install, "plugins", "Acme.Pin");
        Assert.True(File.Exists(Path.Combine(plugin, "Acme.Pin.dll")), installed.ToString());
        Assert.True(File.Exists(Path.Combine(plugin, "endpoints", "acmepinendpoint", "pin.html")));
        Assert.False(File.Exists(Path.Combine(plugin, "Pickup.Abstractions.dll")));
        Assert.True(File.Exists(Path.Combine(plugin, ".pickup-installed")));

        _home.Append("conf/deployment.toml", "\n[authentication.authenticator.acme_pin]\nname = \"PIN\"\nenable = true\n");
        _home.Write("conf/service-providers/pickup-dispatch.toml", TestHome.ServiceProvider(_home.CallbackUrl, "http://127.0.0.1:1/", steps: """
            [[authentication.steps]]
            use_subject = true
            options = [{ authenticator = "basic" }]
            [[authentication.steps]]
            options = [{ authenticator = "acme_pin" }]
            """));
        await RunOkAsync(hostDll, null, "roles", "add", "driver", "--permission", "login");
        await RunOkAsync(hostDll, "alex-password\n", "users", "add", "alex", "--password-stdin", "--role", "driver", "--claim", "http://wso2.org/claims/mobile=94778888888");
        var pin = (await RunOkAsync(hostDll, null, "users", "acme-pin-set", "alex")).Stdout.Trim();
        Assert.Matches("^[0-9]{6}$", pin);
        var listed = await RunOkAsync(hostDll, null, "plugins", "list");
        Assert.Contains("acme_pin", listed.Stdout, StringComparison.Ordinal);
        await RunOkAsync(hostDll, null, "config", "check");

        await using (var engine = await EngineProcess.StartAsync(_home, hostDll: hostDll))
        {
            using var browser = new BrowserSession(engine.BaseUrl);
            var client = new OidcTestClient(browser, _home.CallbackUrl);
            var login = await browser.FollowWithinAsync(await browser.GetAsync(client.AuthorizeUrl()));
            var pinPage = await browser.FollowWithinAsync(await browser.SubmitAsync(login, new Dictionary<string, string>
            {
                ["username"] = "alex",
                ["password"] = "alex-password",
            }));
            Assert.Equal("/acmepinendpoint/pin", pinPage.RequestMessage!.RequestUri!.AbsolutePath);
            Assert.Contains("Enter your PIN, alex", await pinPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            var wrong = await browser.FollowWithinAsync(await browser.SubmitAsync(pinPage, new Dictionary<string, string> { ["pin"] = pin == "000000" ? "111111" : "000000" }));
            Assert.Equal("/acmepinendpoint/pin", wrong.RequestMessage!.RequestUri!.AbsolutePath);
            Assert.Contains("That PIN is not right.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            var toApp = await browser.FollowWithinAsync(await browser.SubmitAsync(wrong, new Dictionary<string, string> { ["pin"] = pin }));
            var tokens = await client.RedeemAsync(client.CodeFrom(toApp));
            var idToken = OidcTestClient.Payload(tokens.GetProperty("id_token").GetString()!);
            Assert.Equal("94778888888", idToken.GetProperty("sub").GetString());
            Assert.Contains("pin", idToken.GetProperty("amr").EnumerateArray().Select(a => a.GetString()));
        }

        var audit = await RunOkAsync(hostDll, null, "audit", "tail", "-n", "50");
        Assert.Contains("pin", audit.Stdout.Split('\n').Single(l => l.Contains("login.failed", StringComparison.Ordinal)), StringComparison.Ordinal);
        // Only the installed plugin's own folder was added: no engine file touched.
        var acme = Path.Combine("plugins", "Acme.Pin") + Path.DirectorySeparatorChar;
        Assert.Equal(engineFiles, Snapshot(install).Where(f => !f.StartsWith(acme, StringComparison.Ordinal)).ToList());
    }

    private async Task<CommandResult> RunOkAsync(string hostDll, string? stdin, params string[] args)
    {
        var result = await RunAsync(hostDll, stdin, args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private Task<CommandResult> RunAsync(string hostDll, string? stdin, params string[] args) =>
        PluginAuthoring.RunPickupAsync(hostDll, _home.Directory, _root, stdin, args);

    /// <summary>Every file of the installation with its size and time: the plugin's install must change none.</summary>
    private static List<string> Snapshot(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => $"{Path.GetRelativePath(folder, f)} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}")
            .Order(StringComparer.Ordinal)];
}
