namespace Pickup.Core.Tests.Plugins;

/// <summary>Where the build put the real plugins and the fixture plugins, for the configuration these tests were built in.</summary>
internal static class PluginFolders
{
    /// <summary>The repository root: the folder above the test binaries that holds <c>Pickup.sln</c>.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Debug or Release: the test binaries live in <c>bin/&lt;Configuration&gt;/net10.0/</c>.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The installation's <c>plugins/</c> (Basic, SmsOtp, Nexmo).</summary>
    public static string Installed => Existing(Path.Combine(RepositoryRoot, "artifacts", Configuration, "pickup", "plugins"));

    /// <summary>The fixture plugins built from <c>tests/TestPlugins/*</c>.</summary>
    public static string Fixtures => Existing(Path.Combine(RepositoryRoot, "artifacts", Configuration, "test-plugins"));

    private static string Existing(string directory) =>
        Directory.Exists(directory)
            ? directory
            : throw new InvalidOperationException($"{directory} does not exist: build tests/Pickup.Core.Tests, whose project references build the plugins");

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        for (var depth = 0; depth < 12 && directory is not null; depth++, directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pickup.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("No Pickup.sln above " + AppContext.BaseDirectory);
    }
}
