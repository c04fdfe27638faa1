namespace Pickup.Core.Templates;

/// <summary>
/// The variables the engine gives every page besides its model: the form's target, the attempt's key and the
/// anti-forgery field. The renderer adds <c>lang</c>, <c>t</c> and <c>raw</c> itself.
/// </summary>
public static class PageGlobals
{
    /// <summary>The attempt's key, posted back in a hidden field.</summary>
    public const string SessionDataKey = "session_data_key";

    /// <summary>Where every login form posts (<c>/commonauth</c>).</summary>
    public const string FormAction = "form_action";

    /// <summary>The anti-forgery field's name.</summary>
    public const string AntiforgeryFieldName = "antiforgery_field_name";

    /// <summary>The anti-forgery field's value.</summary>
    public const string AntiforgeryToken = "antiforgery_token";

    /// <summary>Every name above.</summary>
    public static IReadOnlyList<string> Names { get; } = [SessionDataKey, FormAction, AntiforgeryFieldName, AntiforgeryToken];
}
