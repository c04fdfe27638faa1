using Microsoft.Extensions.FileProviders;
using Pickup.Core.Templates;

namespace Pickup.Host.Endpoints;

/// <summary>
/// The pages' static files: the installation's under <c>/static</c>, and each enabled plugin's own
/// (<c>plugins/&lt;Name&gt;/endpoints/static/</c>) under <c>/plugins/&lt;Name&gt;/static</c>. <c>/static</c> also finds a
/// plugin's file after the installation's, so a page written before the file moved into its plugin keeps working; the
/// start-up check refuses a static path two plugins both ship. Everything is same-origin, as the pages' CSP requires.
/// </summary>
internal static class StaticPageFiles
{
    private const string SharedRequestPath = "/static";

    public static IApplicationBuilder UseStaticPageFiles(this IApplicationBuilder app, string installationEndpoints, IEnumerable<PageRoot> roots)
    {
        var plugins = roots
            .Where(r => r.Kind == PageRootKind.Plugin && Directory.Exists(r.StaticDirectory))
            .ToList();

        var shared = new List<IFileProvider> { new PhysicalFileProvider(Path.Combine(installationEndpoints, PageRoot.StaticFolder)) };
        shared.AddRange(plugins.Select(r => new PhysicalFileProvider(r.StaticDirectory)));
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new CompositeFileProvider(shared), RequestPath = SharedRequestPath });

        foreach (var root in plugins)
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(root.StaticDirectory),
                RequestPath = root.StaticRequestPath,
            });
        }

        return app;
    }
}
