using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;
using Pickup.Abstractions.Plugins;
using Pickup.Core.Plugins;

namespace Pickup.Core.Tests.Plugins;

/// <summary>
/// How the refusal of a plugin built against another SDK major reads what the plugin's assembly says, on the real
/// Basic plugin with its metadata edited in place: the assembly reference to the SDK (the major, which decides) and
/// the <c>Pickup.Abstractions.Version</c> stamp (the full version, which the refusal names when it agrees with the
/// reference). A plugin really compiled against another SDK package is refused in the integration tests
/// (<c>SdkVersionRefusalTests</c>).
/// </summary>
public sealed class SdkVersionCheckTests : IDisposable
{
    private const string Basic = "Pickup.Plugins.Basic";
    private static readonly Assembly EngineSdk = typeof(IPickupPlugin).Assembly;
    private static readonly int EngineMajor = EngineSdk.GetName().Version!.Major;
    private static readonly string EngineVersion = EngineSdk.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "pickup-sdkcheck-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    [Fact]
    public void Open_ReferenceAndStampOfAnotherMajor_IsRefusedNamingPluginAndBothFullVersions()
    {
        var stamp = $"{EngineMajor + 1}.1.0";
        var folder = CopyBasic(EngineMajor + 1, stamp);

        using var catalog = PluginCatalog.Open([_scratch]);

        Assert.Empty(catalog.Plugins);
        var failure = Assert.Single(catalog.Failures);
        Assert.Equal(folder, failure.Directory);
        Assert.Equal(
            $"{Basic} was built against Pickup.Abstractions {stamp}; this engine has {EngineVersion}; rebuild it against {EngineMajor}.x",
            failure.Reason);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void Open_ReferenceOfAnotherMajorWithAStampThatDisagrees_IsRefusedNamingTheReferencedMajor(int offset)
    {
        // Basic's own stamp says the engine's version: only the reference was built against another major.
        var major = EngineMajor + offset;
        CopyBasic(major, stamp: null);

        using var catalog = PluginCatalog.Open([_scratch]);

        Assert.Empty(catalog.Plugins);
        Assert.Equal(
            $"{Basic} was built against Pickup.Abstractions {major}.x; this engine has {EngineVersion}; rebuild it against {EngineMajor}.x",
            Assert.Single(catalog.Failures).Reason);
    }

    [Fact]
    public void Open_StampThatIsNoVersion_IsNotRepeatedInTheRefusal()
    {
        var major = EngineMajor + 1;
        CopyBasic(major, $"{major}.1\n0");

        using var catalog = PluginCatalog.Open([_scratch]);

        var reason = Assert.Single(catalog.Failures).Reason;
        Assert.Contains($"built against Pickup.Abstractions {major}.x;", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_PluginBuiltAgainstEngineSdkMajor_Loads()
    {
        CopyBasic(EngineMajor, stamp: null);

        using var catalog = PluginCatalog.Open([_scratch]);

        Assert.Empty(catalog.Failures);
        Assert.Equal([Basic], catalog.Plugins.Select(p => p.Name));
    }

    /// <summary>
    /// A copy of the built Basic plugin whose SDK reference says <paramref name="major"/> and, when
    /// <paramref name="stamp"/> is given, whose version stamp says it instead of the engine's version (same length).
    /// </summary>
    private string CopyBasic(int major, string? stamp)
    {
        var target = Path.Combine(_scratch, Basic);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Path.Combine(PluginFolders.Installed, Basic)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        var assembly = Path.Combine(target, Basic + ".dll");
        var bytes = File.ReadAllBytes(assembly);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(SdkReferenceMajorOffset(bytes)), checked((ushort)major));
        if (stamp is not null)
        {
            ReplaceStamp(bytes, stamp);
        }

        File.WriteAllBytes(assembly, bytes);
        return target;
    }

    // The stamp's value follows its key in the attribute's blob, each a length byte and UTF-8.
    private static void ReplaceStamp(byte[] image, string stamp)
    {
        var key = Encoding.UTF8.GetBytes(SdkReference.VersionMetadataKey);
        var current = Encoding.UTF8.GetBytes(EngineVersion);
        byte[] written = [(byte)key.Length, .. key, (byte)current.Length, .. current];
        var at = image.AsSpan().IndexOf(written);
        Assert.True(at >= 0, $"the Basic plugin carries no {SdkReference.VersionMetadataKey} = {EngineVersion} stamp");
        var replacement = Encoding.UTF8.GetBytes(stamp);
        Assert.Equal(current.Length, replacement.Length);
        replacement.CopyTo(image, at + written.Length - current.Length);
    }

    // The file offset of MajorVersion, the first column of the SDK's row in the AssemblyRef table.
    private static int SdkReferenceMajorOffset(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        var metadata = pe.GetMetadataReader();
        var rowSize = metadata.GetTableRowSize(TableIndex.AssemblyRef);
        foreach (var handle in metadata.AssemblyReferences)
        {
            if (metadata.StringComparer.Equals(metadata.GetAssemblyReference(handle).Name, "Pickup.Abstractions"))
            {
                var row = MetadataTokens.GetRowNumber(handle);
                return pe.PEHeaders.MetadataStartOffset + metadata.GetTableMetadataOffset(TableIndex.AssemblyRef) + (rowSize * (row - 1));
            }
        }

        throw new InvalidOperationException("the Basic plugin does not reference Pickup.Abstractions");
    }
}
