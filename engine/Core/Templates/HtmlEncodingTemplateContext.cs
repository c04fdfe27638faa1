using System.Net;
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
internal sealed class HtmlEncodingTemplateContext : TemplateContext
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
                return text is null ? this : Write(WebUtility.HtmlEncode(text));
        }
    }

    public override ValueTask<TemplateContext> WriteAsync(SourceSpan span, object? textAsObject)
    {
        // Rendering is synchronous today; keep the asynchronous path escaping too so switching to RenderAsync stays safe.
        return new ValueTask<TemplateContext>(Write(span, textAsObject));
    }
}
