using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using Pickup.Abstractions.Plugins;

namespace Pickup.Core.Plugins;

/// <summary>
/// Which Pickup.Abstractions a plugin was compiled against, read from its assembly's metadata without loading it. The
/// SDK's assembly version is <c>MAJOR.0.0.0</c>, so the assembly reference records the major, which decides; the
/// SDK package (and the repository's plugin build) also stamps the full version into every plugin as the assembly
/// metadata <see cref="VersionMetadataKey"/>, which the refusal names.
/// </summary>
internal static partial class SdkReference
{
    /// <summary>The <c>[assembly: AssemblyMetadata]</c> key carrying the SDK version a plugin was built against.</summary>
    public const string VersionMetadataKey = "Pickup.Abstractions.Version";

    private static readonly AssemblyName EngineSdk = typeof(IPickupPlugin).Assembly.GetName();

    /// <summary>The engine's SDK version as released (<c>2.0.0</c>).</summary>
    public static string EngineVersion { get; } =
        typeof(IPickupPlugin).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? EngineSdk.Version!.ToString(3);

    /// <summary>
    /// Null when the plugin may load (same major, or no reference to the SDK at all, which the attribute check then
    /// reports); otherwise the sentence refusing it, naming the plugin, the SDK version it was built against (in full
    /// when it carries the stamp, else <c>MAJOR.x</c>) and the engine's.
    /// </summary>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly.</exception>
    public static string? Refusal(string pluginName, string assemblyPath)
    {
        var (referenced, stamped) = Read(assemblyPath);
        if (referenced is null || referenced.Major == EngineSdk.Version!.Major)
        {
            return null;
        }

        // The stamp is the plugin's own text: believed only when it is a version of the major the reference says.
        var builtAgainst = stamped is not null && stamped.Length <= 64 && SemanticVersion().Match(stamped) is { Success: true } match
                           && int.TryParse(match.Groups["major"].ValueSpan, out var major) && major == referenced.Major
            ? stamped
            : $"{referenced.Major}.x";
        return $"{pluginName} was built against {EngineSdk.Name} {builtAgainst}; this engine has {EngineVersion}; "
               + $"rebuild it against {EngineSdk.Version.Major}.x";
    }

    private static (Version? Referenced, string? Stamped) Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException($"{Path.GetFileName(assemblyPath)} is not a .NET assembly");
        }

        var metadata = pe.GetMetadataReader();
        Version? referenced = null;
        foreach (var handle in metadata.AssemblyReferences)
        {
            var reference = metadata.GetAssemblyReference(handle);
            if (metadata.StringComparer.Equals(reference.Name, EngineSdk.Name!))
            {
                referenced = reference.Version;
                break;
            }
        }

        return (referenced, referenced is null || !metadata.IsAssembly ? null : ReadStamp(metadata));
    }

    // [assembly: AssemblyMetadata("Pickup.Abstractions.Version", "3.1.0")]: the attribute's blob is the prolog 0x0001
    // and its two constructor arguments as serialized strings (ECMA-335 II.23.3).
    private static string? ReadStamp(MetadataReader metadata)
    {
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (!IsAssemblyMetadataAttribute(metadata, attribute.Constructor))
            {
                continue;
            }

            try
            {
                var blob = metadata.GetBlobReader(attribute.Value);
                if (blob.ReadUInt16() == 1 && blob.ReadSerializedString() == VersionMetadataKey)
                {
                    return blob.ReadSerializedString();
                }
            }
            catch (BadImageFormatException)
            {
                // A malformed blob is no stamp: the refusal falls back to the major.
            }
        }

        return null;
    }

    private static bool IsAssemblyMetadataAttribute(MetadataReader metadata, EntityHandle constructor)
    {
        if (constructor.Kind != HandleKind.MemberReference)
        {
            return false;
        }

        var parent = metadata.GetMemberReference((MemberReferenceHandle)constructor).Parent;
        if (parent.Kind != HandleKind.TypeReference)
        {
            return false;
        }

        var type = metadata.GetTypeReference((TypeReferenceHandle)parent);
        return metadata.StringComparer.Equals(type.Name, nameof(AssemblyMetadataAttribute))
               && metadata.StringComparer.Equals(type.Namespace, typeof(AssemblyMetadataAttribute).Namespace!);
    }

    [GeneratedRegex(@"^(?<major>[0-9]{1,9})\.[0-9]{1,9}\.[0-9]{1,9}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SemanticVersion();
}
