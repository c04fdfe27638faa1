using System.Text;
using Scriban;
using Scriban.Parsing;

namespace Pickup.Core.Templates;

/// <summary>
/// A Scriban context that HTML-encodes the result of every <c>{{ expression }}</c>.
/// </summary>
/// <remarks>
/// Scriban has no auto-escaping: without this, a model value such as a username would be written into the page
/// verbatim. Literal template text reaches the output through <see cref="TemplateContext.Write(Scriban.Syntax.ScriptStringSlice)"/>
/// and is left alone; only expression results pass through <see cref="Write(SourceSpan, object)"/>. A value wrapped by
/// the template's <c>raw</c> function (<see cref="RawHtml"/>) is written as it is.
/// </remarks>
internal sealed class HtmlEncodingTemplateContext() : TemplateContext(SharedBuiltins.Instance)
{
    public override TemplateContext Write(SourceSpan span, object? textAsObject)
    {
        switch (textAsObject)
        {
            case null:
                return this;
            case RawHtml raw:
                return Write(raw.Html);
            default:
                // ObjectToString applies Scriban's own formatting (true/false, invariant numbers) before encoding.
                var text = ObjectToString(textAsObject);
                return text is null ? this : Write(Encode(text));
        }
    }

    /// <summary>
    /// Encodes the five characters that matter in HTML text and quoted attributes. Everything else stays as written:
    /// pages are UTF-8, and WebUtility.HtmlEncode would turn every accented letter of a Spanish page into an entity.
    /// </summary>
    internal static string Encode(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                '"' => builder.Append("&quot;"),
                '\'' => builder.Append("&#39;"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    public override ValueTask<TemplateContext> WriteAsync(SourceSpan span, object? textAsObject)
    {
        // Rendering is synchronous today; keep the asynchronous path escaping too so switching to RenderAsync stays safe.
        return new ValueTask<TemplateContext>(Write(span, textAsObject));
    }
}
