using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Pickup.Host.Cli;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Plugins;

/// <summary>
/// A plugin really compiled against another major of the SDK package: the SDK's sources are packed as the next major
/// into a feed of the test's own, a plugin is made from the installation's template against that package and
/// published into the deployment's <c>&lt;home&gt;/plugins/</c>, and one TOML table enables it. The engine refuses it
/// before loading it, naming the plugin and both full versions.
/// </summary>
public sealed class SdkVersionRefusalTests : IDisposable
{
    private const string Plugin = "Acme.Old";

    private readonly string _root = Directory.CreateTempSubdirectory("pickup-sdk-major-it-").FullName;
    private readonly TestHome _home = new("http://127.0.0.1:1/sms");

    public void Dispose()
    {
        _home.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task ConfigCheck_PluginBuiltAgainstAnotherSdkMajor_RefusedNamingPluginAndBothVersions()
    {
        var engineSdk = PluginsCommand.SdkVersion;
        var engineMajor = int.Parse(engineSdk.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);
        var otherSdk = $"{engineMajor + 1}.1.0";

        var feed = await PackSdkAsync(otherSdk);
        var published = await BuildPluginAsync(feed, otherSdk);
        Assert.Equal(engineMajor + 1, ReferencedSdkMajor(Path.Combine(published, Plugin + ".dll")));
        Assert.False(File.Exists(Path.Combine(published, "Pickup.Abstractions.dll")));

        _home.Append("conf/deployment.toml", "\n[authentication.authenticator.acme_old]\nname = \"Old PIN\"\nenable = true\n");
        var refusal = $"{Plugin} was built against Pickup.Abstractions {otherSdk}; this engine has {engineSdk}; rebuild it against {engineMajor}.x";

        var check = await PluginAuthoring.RunPickupAsync(TestInstallation.HostDll, _home.Directory, _root, null, "config", "check");
        Assert.True(check.ExitCode != 0, check.ToString());
        Assert.Contains(refusal, check.Stderr, StringComparison.Ordinal);
        Assert.Contains("no plugin provides authenticator 'acme_old'", check.Stderr, StringComparison.Ordinal);

        var list = await PluginAuthoring.RunPickupAsync(TestInstallation.HostDll, _home.Directory, _root, null, "plugins", "list");
        Assert.True(list.ExitCode != 0, list.ToString());
        Assert.Contains($"{published}: {refusal}", list.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Plugin, list.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// Packs a copy of the SDK's sources as <paramref name="version"/>: a copy, so this checkout's own build outputs
    /// (the engine's SDK) are never rebuilt as another major under the other tests.
    /// </summary>
    private async Task<string> PackSdkAsync(string version)
    {
        var repository = TestInstallation.RepositoryRoot;
        var sources = Path.Combine(_root, "sdk-sources");
        Directory.CreateDirectory(sources);
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig" })
        {
            File.Copy(Path.Combine(repository, file), Path.Combine(sources, file));
        }

        PluginAuthoring.CopyDirectory(Path.Combine(repository, "engine", "Abstractions"), Path.Combine(sources, "engine", "Abstractions"), "bin", "obj");
        var feed = Path.Combine(_root, "feed");
        var packed = await PluginAuthoring.RunDotnetAsync(
            sources, "pack", "engine/Abstractions/Pickup.Abstractions.csproj", "-c", "Release", "-o", feed, $"-p:PickupSdkVersion={version}", "-nologo");
        Assert.True(packed.ExitCode == 0, packed.ToString());
        Assert.True(File.Exists(Path.Combine(feed, $"Pickup.Abstractions.{version}.nupkg")), packed.ToString());
        return feed;
    }

    /// <summary>The installation's plugin template against <paramref name="sdkVersion"/>, published into the home's plugins/.</summary>
    private async Task<string> BuildPluginAsync(string feed, string sdkVersion)
    {
        var hive = Path.Combine(_root, "dotnet-new");
        var source = Path.Combine(_root, "acme-old");
        var template = Path.Combine(TestInstallation.InstallDirectory, "templates", "pickup-authenticator");
        var installed = await PluginAuthoring.RunDotnetAsync(_root, "new", "install", template, "--force", "--debug:custom-hive", hive);
        Assert.True(installed.ExitCode == 0, installed.ToString());
        var created = await PluginAuthoring.RunDotnetAsync(
            _root, "new", "pickup-authenticator", "--name", Plugin, "--id", "acme_old", "--sdk-feed", feed, "--sdk-version", sdkVersion,
            "--output", source, "--debug:custom-hive", hive);
        Assert.True(created.ExitCode == 0, created.ToString());

        // Restored into a folder of its own: the user's package cache keeps no SDK of a version that was never released.
        // That cache still serves every other package, as a fallback folder, so the restore downloads nothing.
        var userCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var target = Path.Combine(_home.Directory, "plugins", Plugin);
        var published = await PluginAuthoring.RunDotnetAsync(
            source, "publish", Path.Combine(source, "src", Plugin, Plugin + ".csproj"), "-c", "Release", "-o", target, "-nologo",
            $"-p:RestorePackagesPath={Path.Combine(_root, "packages")}", $"-p:RestoreFallbackFolders={userCache}");
        Assert.True(published.ExitCode == 0, published.ToString());
        Assert.Equal(["pickup.abstractions"], Directory.GetDirectories(Path.Combine(_root, "packages")).Select(Path.GetFileName));
        return target;
    }

    private static int ReferencedSdkMajor(string assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly));
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(metadata.GetAssemblyReference)
            .Single(r => metadata.StringComparer.Equals(r.Name, "Pickup.Abstractions"))
            .Version.Major;
    }
}
