using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Pickup.Abstractions.Plugins;

namespace Pickup.Core.Plugins;

/// <summary>
/// Which Pickup.Abstractions a plugin was compiled against, read from its assembly's metadata without loading it:
/// the SDK's assembly version is <c>MAJOR.0.0.0</c>, so the reference records the major.
/// </summary>
internal static class SdkReference
{
    private static readonly AssemblyName EngineSdk = typeof(IPickupPlugin).Assembly.GetName();

    /// <summary>The engine's SDK version as released (<c>2.0.0</c>).</summary>
    public static string EngineVersion { get; } =
        typeof(IPickupPlugin).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? EngineSdk.Version!.ToString(3);

    /// <summary>
    /// Null when the plugin may load (same major, or no reference to the SDK at all, which the attribute check then
    /// reports); otherwise the sentence refusing it.
    /// </summary>
    public static string? Refusal(string pluginName, string assemblyPath)
    {
        var referenced = ReadReferencedVersion(assemblyPath);
        if (referenced is null || referenced.Major == EngineSdk.Version!.Major)
        {
            return null;
        }

        return $"{pluginName} was built against {EngineSdk.Name} {referenced.ToString(3)}; this engine has {EngineVersion}; "
               + $"rebuild it against {EngineSdk.Version.Major}.x";
    }

    private static Version? ReadReferencedVersion(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException($"{Path.GetFileName(assemblyPath)} is not a .NET assembly");
        }

        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.AssemblyReferences)
        {
            var reference = metadata.GetAssemblyReference(handle);
            if (metadata.StringComparer.Equals(reference.Name, EngineSdk.Name!))
            {
                return reference.Version;
            }
        }

        return null;
    }
}
