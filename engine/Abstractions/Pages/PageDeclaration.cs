namespace Pickup.Abstractions.Pages;

/// <summary>
/// One page an authenticator renders: its template name and the type of the model it hands the engine for it
/// (<see cref="PageView.Model"/>). Returned by <see cref="Authentication.IAuthenticatorFactory.Pages"/>.
/// </summary>
/// <remarks>
/// <para>Once per server: read after <see cref="Authentication.IAuthenticatorFactory.Configure"/>. Immutable.</para>
/// <para>At start-up and in <c>pickup config check</c> the engine reads the template that will serve the page (a
/// theme's override, or the plugin's own file) and checks every variable it uses against the model's public
/// properties in snake_case (<c>ErrorKey</c> → <c>error_key</c>, and the members of nested objects the same
/// way), plus the variables every page has (<c>session_data_key</c>, <c>form_action</c>, <c>antiforgery_field_name</c>,
/// <c>antiforgery_token</c>, <c>lang</c>, the functions <c>t</c> and <c>raw</c>, Scriban's built-ins and the
/// template's own assignments). A misspelt variable is then a <c>file:line:col</c> error before any driver sees the
/// page. A model type that is a dictionary is not checked.</para>
/// </remarks>
public sealed class PageDeclaration
{
    private PageDeclaration(string template, Type modelType)
    {
        Template = template;
        ModelType = modelType;
    }

    /// <summary>
    /// The template name without extension, e.g. <c>pinauthenticationendpoint/pin</c>, served at
    /// <c>/pinauthenticationendpoint/pin</c>.
    /// </summary>
    public string Template { get; }

    /// <summary>The type of the model the authenticator hands for this page (the object in <see cref="PageView.Model"/>).</summary>
    public Type ModelType { get; }

    /// <summary>Declares that <paramref name="template"/> is rendered with a <typeparamref name="TModel"/>.</summary>
    /// <typeparam name="TModel">The page model's type.</typeparam>
    /// <param name="template">The template name, e.g. <c>authenticationendpoint/login</c>.</param>
    /// <returns>The declaration.</returns>
    /// <exception cref="ArgumentException"><paramref name="template"/> is null or empty.</exception>
    public static PageDeclaration For<TModel>(string template)
        where TModel : class => For(template, typeof(TModel));

    /// <summary>Declares that <paramref name="template"/> is rendered with a model of <paramref name="modelType"/>.</summary>
    /// <param name="template">The template name, e.g. <c>authenticationendpoint/login</c>.</param>
    /// <param name="modelType">The page model's type.</param>
    /// <returns>The declaration.</returns>
    /// <exception cref="ArgumentException"><paramref name="template"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="modelType"/> is null.</exception>
    public static PageDeclaration For(string template, Type modelType)
    {
        ArgumentException.ThrowIfNullOrEmpty(template);
        ArgumentNullException.ThrowIfNull(modelType);
        return new PageDeclaration(template, modelType);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Template} ({ModelType.Name})";
}
