using System.Security.Cryptography;
using Pickup.Host.Cli;

namespace Pickup.IntegrationTests.Plugins;

/// <summary>
/// A checkout packs its SDK under the same version each time it changes; NuGet never reads a feed again for an id and
/// version it once extracted. The plugin commands must notice and drop the older extracted copy.
/// </summary>
public sealed class SdkFeedCacheTests : IDisposable
{
    private const string Version = "2.0.0";
    private readonly string _root = Directory.CreateTempSubdirectory("pickup-sdk-cache-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Evict_CachedCopyOfAnotherBuild_IsRemoved_TheSameBuildIsKept()
    {
        var feed = Directory.CreateDirectory(Path.Combine(_root, "feed")).FullName;
        var cache = Directory.CreateDirectory(Path.Combine(_root, "cache")).FullName;
        var sdk = Pack(feed, "Pickup.Abstractions", "new build of the SDK");
        var kit = Pack(feed, "Pickup.Abstractions.Testing", "new build of the kit");
        var staleSdk = Extract(cache, "Pickup.Abstractions", Hash("an earlier build of the SDK"));
        var currentKit = Extract(cache, "Pickup.Abstractions.Testing", Hash(kit));
        var output = new StringWriter();

        PluginsCommand.EvictStaleCachedPackages(feed, cache, output);

        Assert.False(Directory.Exists(staleSdk));
        Assert.True(Directory.Exists(currentKit));
        Assert.Contains("removing an older build of Pickup.Abstractions 2.0.0", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Pickup.Abstractions.Testing", output.ToString(), StringComparison.Ordinal);

        // Once NuGet has extracted the new build, it stays.
        Extract(cache, "Pickup.Abstractions", Hash(sdk));
        PluginsCommand.EvictStaleCachedPackages(feed, cache, TextWriter.Null);
        Assert.True(Directory.Exists(Path.Combine(cache, "pickup.abstractions", Version)));
    }

    [Fact]
    public void Evict_ExtractionWithoutItsHashFile_IsRemoved_NothingCached_IsFine()
    {
        var feed = Directory.CreateDirectory(Path.Combine(_root, "feed")).FullName;
        var cache = Directory.CreateDirectory(Path.Combine(_root, "cache")).FullName;
        Pack(feed, "Pickup.Abstractions", "sdk");
        Pack(feed, "Pickup.Abstractions.Testing", "kit");
        var half = Directory.CreateDirectory(Path.Combine(cache, "pickup.abstractions", Version)).FullName;

        PluginsCommand.EvictStaleCachedPackages(feed, cache, TextWriter.Null);

        Assert.False(Directory.Exists(half));
        Assert.False(Directory.Exists(Path.Combine(cache, "pickup.abstractions.testing", Version)));
    }

    private static string Pack(string feed, string id, string content)
    {
        File.WriteAllText(Path.Combine(feed, $"{id}.{Version}.nupkg"), content);
        return content;
    }

    private static string Extract(string cache, string id, string sha512)
    {
        var folder = Directory.CreateDirectory(Path.Combine(cache, id.ToLowerInvariant(), Version)).FullName;
        File.WriteAllText(Path.Combine(folder, $"{id.ToLowerInvariant()}.{Version}.nupkg.sha512"), sha512);
        File.WriteAllText(Path.Combine(folder, $"{id.ToLowerInvariant()}.nuspec"), "<package />");
        return folder;
    }

    private static string Hash(string content) => Convert.ToBase64String(SHA512.HashData(System.Text.Encoding.UTF8.GetBytes(content)));
}
