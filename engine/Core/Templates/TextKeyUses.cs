using Scriban;
using Scriban.Syntax;

namespace Pickup.Core.Templates;

/// <summary>One <c>t "key" ...</c> call a template writes with a literal key.</summary>
/// <param name="Key">The key.</param>
/// <param name="ValueCount">How many values follow the key.</param>
/// <param name="Line">1-based line of the key.</param>
/// <param name="Column">1-based column of the key.</param>
internal sealed record TextKeyUse(string Key, int ValueCount, int Line, int Column);

/// <summary>Finds the literal text keys of a parsed template, so a missing key is found before any page is shown.</summary>
internal static class TextKeyUses
{
    /// <summary>Every <c>t "key"</c> call in <paramref name="template"/>, in document order.</summary>
    public static IReadOnlyList<TextKeyUse> Find(Template template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var uses = new List<TextKeyUse>();
        Walk(template.Page, uses);
        return uses;
    }

    private static void Walk(ScriptNode? node, List<TextKeyUse> uses)
    {
        if (node is null)
        {
            return;
        }

        if (node is ScriptFunctionCall { Target: ScriptVariable { Name: TranslateFunction.Name } } call
            && call.Arguments.Count > 0
            && call.Arguments[0] is ScriptLiteral { Value: string key } literal)
        {
            uses.Add(new TextKeyUse(key, call.Arguments.Count - 1, literal.Span.Start.Line + 1, literal.Span.Start.Column + 1));
        }

        foreach (var child in node.Children)
        {
            Walk(child, uses);
        }
    }
}
