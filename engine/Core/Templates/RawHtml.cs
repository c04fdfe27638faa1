namespace Pickup.Core.Templates;

/// <summary>Markup a template has explicitly marked as safe with <c>raw</c>; written without encoding.</summary>
/// <param name="Html">The markup.</param>
internal sealed record RawHtml(string Html)
{
    /// <summary>The markup, so that <c>raw x + "y"</c> still yields text (which is then encoded again).</summary>
    public override string ToString() => Html;
}
