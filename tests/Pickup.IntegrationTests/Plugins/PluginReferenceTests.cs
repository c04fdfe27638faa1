using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Plugins;

/// <summary>
/// Basic, SmsOtp, Nexmo, the outbox and TOTP use only what a plugin written outside this repository can use: the SDK,
/// contracts shared between plugins (<c>*.Contracts</c>), and their own packages. Read from the installed assemblies'
/// metadata, so a reference added by any route (project, package, framework) is seen.
/// </summary>
public sealed class PluginReferenceTests
{
    [Fact]
    public void EveryInstalledPlugin_ReferencesOnlyTheSdkAndSharedContracts()
    {
        var folders = Directory.GetDirectories(Path.Combine(TestInstallation.InstallDirectory, "plugins"));
        Assert.Contains(folders, f => Path.GetFileName(f) == "Pickup.Plugins.SmsOtp");
        Assert.Contains(folders, f => Path.GetFileName(f) == "Pickup.Plugins.Totp");

        var problems = folders
            .Select(folder => Path.Combine(folder, Path.GetFileName(folder) + ".dll"))
            .Where(File.Exists)
            .SelectMany(dll => ForbiddenReferences(dll).Select(reference => $"{Path.GetFileName(dll)} references {reference}"))
            .ToList();

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void TheCheck_SeesTheEngineReferences_OfTheHost()
    {
        var found = ForbiddenReferences(TestInstallation.HostDll);

        Assert.Contains("Pickup.Core", found);
        Assert.Contains(found, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    /// <summary>Engine assemblies, other plugins and ASP.NET Core: what a plugin must not reference.</summary>
    private static List<string> ForbiddenReferences(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var self = metadata.GetString(metadata.GetAssemblyDefinition().Name);
        return metadata.AssemblyReferences
            .Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name))
            .Where(name => name != self && IsForbidden(name))
            .ToList();
    }

    private static bool IsForbidden(string name) =>
        name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
        || (name.StartsWith("Pickup.", StringComparison.Ordinal)
            && name != "Pickup.Abstractions"
            && !name.EndsWith(".Contracts", StringComparison.Ordinal));
}
