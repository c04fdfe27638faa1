using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Pickup.Abstractions.Plugins;
using Pickup.Core.Plugins;

namespace Pickup.Core.Tests.Plugins;

/// <summary>
/// A plugin built against another major of Pickup.Abstractions is refused before it is loaded. The fixture is the
/// real Basic plugin whose assembly reference to the SDK is rewritten to another major, byte for byte what a
/// compiler writes when the plugin is built against that major (the check reads nothing else).
/// </summary>
public sealed class SdkVersionCheckTests : IDisposable
{
    private const string Basic = "Pickup.Plugins.Basic";
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "pickup-sdkcheck-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Open_PluginBuiltAgainstAnotherSdkMajor_IsRefusedNamingPluginAndBothVersions(int major)
    {
        var folder = CopyBasicReferencingSdkMajor(major);
        var engineSdk = typeof(IPickupPlugin).Assembly;
        var engineMajor = engineSdk.GetName().Version!.Major;
        var engineVersion = engineSdk.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        using var catalog = PluginCatalog.Open([_scratch]);

        Assert.Empty(catalog.Plugins);
        var failure = Assert.Single(catalog.Failures);
        Assert.Equal(folder, failure.Directory);
        Assert.Equal(
            $"{Basic} was built against Pickup.Abstractions {major}.0.0; this engine has {engineVersion}; rebuild it against {engineMajor}.x",
            failure.Reason);
    }

    [Fact]
    public void Open_PluginBuiltAgainstEngineSdkMajor_Loads()
    {
        CopyBasicReferencingSdkMajor(typeof(IPickupPlugin).Assembly.GetName().Version!.Major);

        using var catalog = PluginCatalog.Open([_scratch]);

        Assert.Empty(catalog.Failures);
        Assert.Equal([Basic], catalog.Plugins.Select(p => p.Name));
    }

    private string CopyBasicReferencingSdkMajor(int major)
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
        File.WriteAllBytes(assembly, bytes);
        return target;
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
