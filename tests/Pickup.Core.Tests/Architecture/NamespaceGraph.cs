using System.Text;
using System.Text.RegularExpressions;

namespace Pickup.Core.Tests.Architecture;

/// <summary>
/// Which namespaces under a root use which, read from C# sources: a file uses another namespace when it has a
/// <c>using</c> of it or names a type declared there (outside comments and string literals). Reading names rather
/// than only <c>using</c> lines also catches what C# resolves without one (a sibling namespace's type written as
/// <c>Oidc.X</c>, or a fully qualified name).
/// </summary>
internal sealed partial class NamespaceGraph
{
    private readonly Dictionary<string, Dictionary<string, string>> _edges = new(StringComparer.Ordinal);

    private NamespaceGraph()
    {
    }

    /// <summary>Namespace → the namespaces it uses → one file that shows the use.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> Edges => _edges;

    /// <summary>Reads every <c>.cs</c> file under <paramref name="directory"/> outside <c>bin/</c> and <c>obj/</c>.</summary>
    public static NamespaceGraph FromDirectory(string directory, string rootNamespace) =>
        FromSources(
            Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
                .Where(f => !Path.GetRelativePath(directory, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                .Select(f => (Path.GetRelativePath(directory, f), File.ReadAllText(f))),
            rootNamespace);

    /// <summary>Builds the graph of the namespaces at or under <paramref name="rootNamespace"/> from (name, text) pairs.</summary>
    public static NamespaceGraph FromSources(IEnumerable<(string Name, string Text)> sources, string rootNamespace)
    {
        var files = sources
            .Select(s => (s.Name, s.Text, Code: StripCommentsAndStrings(s.Text)))
            .Select(f => (f.Name, f.Code, Namespace: FileNamespace().Match(f.Code) is { Success: true } m ? m.Groups[1].Value : null))
            .Where(f => f.Namespace is not null && InRoot(f.Namespace, rootNamespace))
            .ToList();

        // A type name declared in two namespaces is ambiguous by name alone: only using directives count for it.
        var declaredIn = files
            .SelectMany(f => TypeDeclaration().Matches(f.Code).Select(m => (Type: m.Groups[1].Value, f.Namespace)))
            .GroupBy(d => d.Type, StringComparer.Ordinal)
            .Where(g => g.Select(d => d.Namespace).Distinct(StringComparer.Ordinal).Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().Namespace!, StringComparer.Ordinal);

        var graph = new NamespaceGraph();
        foreach (var (name, code, ns) in files)
        {
            var used = UsingDirective().Matches(code).Select(m => m.Groups[1].Value).Where(u => InRoot(u, rootNamespace))
                .Concat(Identifier().Matches(code).Select(m => declaredIn.GetValueOrDefault(m.Value)).OfType<string>());
            foreach (var target in used.Where(u => u != ns))
            {
                graph.Add(ns!, target, name);
            }
        }

        return graph;
    }

    /// <summary>A cycle as its namespaces in order, each edge with the file that shows it; null when there is none.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the current path; true: done.
        var path = new List<string>();
        foreach (var start in _edges.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start, state, path) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    private List<string>? Visit(string node, Dictionary<string, bool> state, List<string> path)
    {
        if (state.TryGetValue(node, out var done))
        {
            if (done)
            {
                return null;
            }

            var loop = path.Skip(path.IndexOf(node)).Append(node).ToList();
            return [.. loop.Zip(loop.Skip(1), (from, to) => $"{from} -> {to} ({_edges[from][to]})")];
        }

        state[node] = false;
        path.Add(node);
        foreach (var next in _edges.GetValueOrDefault(node)?.Keys.Order(StringComparer.Ordinal) ?? Enumerable.Empty<string>())
        {
            if (Visit(next, state, path) is { } cycle)
            {
                return cycle;
            }
        }

        path.RemoveAt(path.Count - 1);
        state[node] = true;
        return null;
    }

    private void Add(string from, string to, string file)
    {
        if (!_edges.TryGetValue(from, out var targets))
        {
            _edges[from] = targets = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        targets.TryAdd(to, file);
    }

    private static bool InRoot(string ns, string root) =>
        ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal);

    // Comments, string and character literals (regular, verbatim, raw) become spaces; code is kept as it is.
    internal static string StripCommentsAndStrings(string text)
    {
        var code = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (c == '/' && next == '/')
            {
                i = Skip(text, code, i, text.IndexOf('\n', i) is var end and >= 0 ? end : text.Length);
            }
            else if (c == '/' && next == '*')
            {
                i = Skip(text, code, i, text.IndexOf("*/", i + 2, StringComparison.Ordinal) is var end and >= 0 ? end + 2 : text.Length);
            }
            else if (c == '"' && text.AsSpan(i).StartsWith("\"\"\""))
            {
                var quotes = 0;
                while (i + quotes < text.Length && text[i + quotes] == '"')
                {
                    quotes++;
                }

                var close = text.IndexOf(new string('"', quotes), i + quotes, StringComparison.Ordinal);
                i = Skip(text, code, i, close >= 0 ? close + quotes : text.Length);
            }
            else if (c == '"' || c == '\'')
            {
                var verbatim = c == '"' && i > 0 && (text[i - 1] == '@' || (text[i - 1] == '$' && i > 1 && text[i - 2] == '@'));
                var j = i + 1;
                while (j < text.Length && (verbatim || text[j] != '\n'))
                {
                    if (verbatim && text[j] == '"' && j + 1 < text.Length && text[j + 1] == '"')
                    {
                        j += 2;
                    }
                    else if (!verbatim && text[j] == '\\')
                    {
                        j += 2;
                    }
                    else if (text[j] == c)
                    {
                        break;
                    }
                    else
                    {
                        j++;
                    }
                }

                i = Skip(text, code, i, Math.Min(j + 1, text.Length));
            }
            else
            {
                code.Append(c);
                i++;
            }
        }

        return code.ToString();
    }

    // Keeps line breaks, so positions by line stay where they were.
    private static int Skip(string text, StringBuilder code, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            code.Append(text[k] == '\n' ? '\n' : ' ');
        }

        return to;
    }

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)\s*;", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex FileNamespace();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?([\w.]+)\s*;", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"\b(?:class|struct|interface|enum|record)\s+(?:struct\s+|class\s+)?([A-Za-z_]\w*)", RegexOptions.CultureInvariant)]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\b[A-Za-z_]\w*\b", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
