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
