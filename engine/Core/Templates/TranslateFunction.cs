using System.Globalization;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Pickup.Core.Templates;

/// <summary>
/// The templates' <c>t</c> function: <c>{{ t "login.title" }}</c> writes a text in the page's language, and
/// <c>{{ t "code.sent_to" masked_number }}</c> fills the text's <c>{0}</c> with a value.
/// </summary>
/// <remarks>
/// <para>Per render (bound to one language). The result is plain text, HTML-encoded like every expression; a
/// translation can never inject markup.</para>
/// <para>Where the key comes from decides what a missing key does. A key written in the template (a string literal)
/// is the template author's promise: missing from every text file, it is an error at render, which tests and the
/// start-up check catch. A key handed in a model value (<c>{{ t error_key }}</c>) came, in the end, from a URL: when
/// no file knows it the page shows the generic failure sentence, never the key.</para>
/// </remarks>
internal sealed class TranslateFunction(PageTexts texts, string language) : IScriptCustomFunction
{
    /// <summary>The function's name in templates.</summary>
    public const string Name = "t";

    public int RequiredParameterCount => 1;

    public int ParameterCount => 1;

    public ScriptVarParamKind VarParamKind => ScriptVarParamKind.Direct;

    public Type ReturnType => typeof(string);

    public ScriptParameterInfo GetParameterInfo(int index) =>
        index == 0 ? new ScriptParameterInfo(typeof(string), "key") : new ScriptParameterInfo(typeof(object), "value");

    public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement)
    {
        var span = callerContext?.Span ?? default;
        if (arguments.Count == 0)
        {
            throw new ScriptRuntimeException(span, "t needs a text key, e.g. t \"login.title\"");
        }

        var key = arguments[0] as string;
        var literal = IsWrittenInTemplate(callerContext);
        var text = string.IsNullOrEmpty(key) ? null : texts.Find(language, key);
        if (text is null)
        {
            if (literal)
            {
                throw new ScriptRuntimeException(span, $"no text file has the key '{key}' (looked in i18n/{language}.json and i18n/{PageTexts.DefaultLanguage}.json)");
            }

            return texts.Generic(language);
        }

        var values = new object?[arguments.Count - 1];
        for (var i = 1; i < arguments.Count; i++)
        {
            values[i - 1] = arguments[i];
        }

        try
        {
            // Invariant: numbers in these pages are counts of seconds and digits, the same in every language we ship,
            // and the invariant culture works even where the server runs without ICU data.
            return string.Format(CultureInfo.InvariantCulture, text, values);
        }
        catch (FormatException) when (!literal)
        {
            // A URL can name any key, including a page text that needs a value (authFailureMsg=code.sent_to, say).
            return texts.Generic(language);
        }
        catch (FormatException)
        {
            throw new ScriptRuntimeException(span, $"the text '{key}' needs {TextFileReader.ArgumentCount(text)} value(s) after the key, but {values.Length} were given");
        }
    }

    public ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
        new(Invoke(context, callerContext, arguments, blockStatement));

    private static bool IsWrittenInTemplate(ScriptNode? callerContext) =>
        callerContext is ScriptFunctionCall { Arguments.Count: > 0 } call && call.Arguments[0] is ScriptLiteral;
}
