namespace Pickup.Core.Templates;

/// <summary>Who ships an <c>endpoints/</c> folder, which decides whether its files may hide another's.</summary>
public enum PageRootKind
{
    /// <summary>The deployment's theme (<c>&lt;home&gt;/themes/&lt;theme&gt;/</c>): overrides anything, on purpose.</summary>
    Theme,

    /// <summary>The installation's shared <c>endpoints/</c>: the engine's pages, shared texts and static files; overrides plugins.</summary>
    Installation,

    /// <summary>A plugin's own <c>endpoints/</c>, beside its assembly: a name two plugins both ship is an error.</summary>
    Plugin,
}

/// <summary>One <c>endpoints/</c> folder pages, texts and static files come from, and who ships it.</summary>
/// <remarks>Once per server; immutable.</remarks>
public sealed class PageRoot
{
    private PageRoot(PageRootKind kind, string directory, string? pluginName)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Path.IsPathFullyQualified(directory))
        {
            throw new ArgumentException("An endpoints directory must be an absolute path.", nameof(directory));
        }

        Kind = kind;
        Directory = Path.GetFullPath(directory);
        PluginName = pluginName;
    }

    /// <summary>The folder of each root served as files, never rendered.</summary>
    public const string StaticFolder = "static";

    /// <summary>Who ships the folder.</summary>
    public PageRootKind Kind { get; }

    /// <summary>The folder (absolute).</summary>
    public string Directory { get; }

    /// <summary>The plugin's name (its folder's, e.g. <c>Acme.Pin</c>) for <see cref="PageRootKind.Plugin"/>; else null.</summary>
    public string? PluginName { get; }

    /// <summary>
    /// The URL path a plugin's <c>static/</c> files are served under: <c>/plugins/&lt;plugin name&gt;/static</c>; null
    /// for the theme and the installation (the installation's are served under <c>/static</c>).
    /// </summary>
    public string? StaticRequestPath => PluginName is null ? null : "/plugins/" + PluginName + "/static";

    /// <summary>The folder its static files are served from (<c>&lt;folder&gt;/static</c>).</summary>
    public string StaticDirectory => Path.Combine(Directory, StaticFolder);

    /// <summary>The deployment's theme folder.</summary>
    public static PageRoot Theme(string directory) => new(PageRootKind.Theme, directory, null);

    /// <summary>The installation's shared <c>endpoints/</c> folder.</summary>
    public static PageRoot Installation(string directory) => new(PageRootKind.Installation, directory, null);

    /// <summary>A plugin's <c>endpoints/</c> folder.</summary>
    /// <param name="pluginName">The plugin's name, used in messages and in the URL of its static files.</param>
    /// <param name="directory">The folder (absolute).</param>
    public static PageRoot Plugin(string pluginName, string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(pluginName);
        return new(PageRootKind.Plugin, directory, pluginName);
    }

    /// <summary>How messages name the folder's owner: <c>plugin Acme.Pin</c>, <c>the theme</c>, <c>the installation</c>.</summary>
    public override string ToString() => Kind switch
    {
        PageRootKind.Plugin => "plugin " + PluginName,
        PageRootKind.Theme => "the theme",
        _ => "the installation",
    };
}
