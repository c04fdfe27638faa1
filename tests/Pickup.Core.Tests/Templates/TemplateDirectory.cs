using Pickup.Core.Templates;
using Pickup.Core.Tests.Plugins;

namespace Pickup.Core.Tests.Templates;

/// <summary>A throw-away endpoints/ folder with templates written by a test.</summary>
internal sealed class TemplateDirectory : IDisposable
{
    public TemplateDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), "pickup-templates-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public void Write(string template, string text) => WriteFile(template + ".html", text);

    /// <summary>Writes any file under the folder, e.g. <c>i18n/en.json</c>.</summary>
    public void WriteFile(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>How the renderer names a file of this folder in messages: relative to the current directory.</summary>
    public string Display(string relativePath) =>
        Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(Root, relativePath));

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>The built installation (<c>artifacts/&lt;Configuration&gt;/pickup</c>), whose folders the pages are served from.</summary>
    public static string Installation => Path.GetDirectoryName(PluginFolders.Installed)!;

    /// <summary>The installation's shared <c>endpoints/</c>: the engine's pages, shared texts and static files.</summary>
    public static string InstalledEndpoints => Path.Combine(Installation, "endpoints");

    /// <summary>A shipped plugin's own <c>endpoints/</c> in the installation, e.g. <c>Pickup.Plugins.SmsOtp</c>.</summary>
    public static string PluginEndpoints(string plugin) => Path.Combine(PluginFolders.Installed, plugin, "endpoints");

    /// <summary>The folders an installation with Basic and SmsOtp enabled serves pages from, as the engine orders them.</summary>
    public static IReadOnlyList<PageRoot> ShippedRoots() =>
    [
        PageRoot.Installation(InstalledEndpoints),
        PageRoot.Plugin("Pickup.Plugins.Basic", PluginEndpoints("Pickup.Plugins.Basic")),
        PageRoot.Plugin("Pickup.Plugins.SmsOtp", PluginEndpoints("Pickup.Plugins.SmsOtp")),
    ];

    /// <summary>The repository's endpoints/ folder, found by walking up from the test binaries.</summary>
    public static string ShippedEndpoints()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        for (var depth = 0; depth < 12 && directory is not null; depth++, directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "endpoints");
            if (File.Exists(Path.Combine(directory.FullName, "Pickup.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("The repository's endpoints/ folder was not found above " + AppContext.BaseDirectory);
    }
}
