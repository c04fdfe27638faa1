using Pickup.Core.Tests.Plugins;

namespace Pickup.Core.Tests.Architecture;

/// <summary>
/// The host's namespaces depend one way (Cli → Hosting → Endpoints → Oidc → Http): a cycle between two of them means
/// neither can be read, tested or moved without the other.
/// </summary>
public sealed class HostNamespaceCycleTests
{
    [Fact]
    public void HostNamespaces_HaveNoCycle()
    {
        var graph = NamespaceGraph.FromDirectory(Path.Combine(PluginFolders.RepositoryRoot, "engine", "Host"), "Pickup.Host");

        // The reader found the host's real dependencies, so an empty answer below is not a reader that read nothing.
        Assert.Contains("Pickup.Host.Http", graph.Edges["Pickup.Host.Oidc"].Keys);
        Assert.Contains("Pickup.Host.Oidc", graph.Edges["Pickup.Host.Endpoints"].Keys);
        var cycle = graph.FindCycle();
        Assert.True(cycle is null, $"engine/Host has a namespace cycle:\n{string.Join("\n", cycle ?? [])}");
    }

    [Fact]
    public void FindCycle_TwoNamespacesUsingEachOther_NamesTheCycleAndItsFiles()
    {
        var graph = NamespaceGraph.FromSources(
            [
                ("A/Login.cs", "using Root.B;\nnamespace Root.A;\ninternal static class Login { }"),
                ("B/Oidc.cs", "namespace Root.B;\ninternal static class Oidc { static void M() => Login.ToString(); }"),
            ],
            "Root");

        var cycle = graph.FindCycle();

        Assert.Equal(["Root.A -> Root.B (A/Login.cs)", "Root.B -> Root.A (B/Oidc.cs)"], cycle);
    }

    [Fact]
    public void FindCycle_SiblingNamespaceTypeWithoutUsing_CountsAsAUse()
    {
        // C# resolves Oidc.X from inside Root.A without a using: only reading the names finds it.
        var graph = NamespaceGraph.FromSources(
            [
                ("A/Login.cs", "namespace Root.A;\ninternal static class Login { static string P => B.Paths.Authorize; }"),
                ("B/Paths.cs", "namespace Root.B;\ninternal static class Paths { public const string Authorize = \"/a\"; static void M() => Login.ToString(); }"),
            ],
            "Root");

        Assert.NotNull(graph.FindCycle());
    }

    [Fact]
    public void FindCycle_NamesOnlyInCommentsAndStrings_AreNoUse()
    {
        var graph = NamespaceGraph.FromSources(
            [
                ("A/Login.cs", "namespace Root.A;\n/// <see cref=\"Paths\"/>\ninternal static class Login { const string S = \"Paths\"; const string R = \"\"\"\nPaths\n\"\"\"; }"),
                ("B/Paths.cs", "namespace Root.B;\ninternal static class Paths { static string V => @\"a\"\"Login\"; static void M() => Login.ToString(); }"),
            ],
            "Root");

        Assert.Null(graph.FindCycle());
        Assert.Equal(["Root.A"], graph.Edges["Root.B"].Keys);
    }

    [Fact]
    public void FindCycle_OneWayUses_FindsNone()
    {
        var graph = NamespaceGraph.FromSources(
            [
                ("A/Login.cs", "using Root.B;\nnamespace Root.A;\ninternal static class Login { static void M() => Paths.ToString(); }"),
                ("B/Paths.cs", "using Root.C;\nnamespace Root.B;\ninternal static class Paths { }"),
                ("C/Page.cs", "namespace Root.C;\ninternal static class Page { }"),
            ],
            "Root");

        Assert.Null(graph.FindCycle());
    }
}
