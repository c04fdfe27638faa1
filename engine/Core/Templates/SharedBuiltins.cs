using Scriban.Functions;
using Scriban.Runtime;

namespace Pickup.Core.Templates;

/// <summary>
/// Scriban's built-in functions (<c>string.*</c>, <c>array.*</c>, <c>date.*</c>...), built once and shared by every
/// render. A <see cref="Scriban.TemplateContext"/> made without them builds its own copy, which rebuilds hundreds of
/// function objects (and compiles delegates) on every page and every message a plugin renders. Every member is read-only, so no
/// template can change what another render sees.
/// </summary>
public static class SharedBuiltins
{
    /// <summary>The shared, read-only built-ins; pass to <c>new TemplateContext(SharedBuiltins.Instance)</c>.</summary>
    public static ScriptObject Instance { get; } = Create();

    private static BuiltinFunctions Create()
    {
        var builtins = new BuiltinFunctions();
        SealMembers(builtins);
        return builtins;
    }

    private static void SealMembers(ScriptObject scriptObject)
    {
        foreach (var name in scriptObject.Keys.ToList())
        {
            if (scriptObject[name] is ScriptObject nested)
            {
                SealMembers(nested);
            }

            scriptObject.SetReadOnly(name, true);
        }
    }
}
