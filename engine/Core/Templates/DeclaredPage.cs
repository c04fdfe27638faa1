namespace Pickup.Core.Templates;

/// <summary>A page's template and the type of the model it is rendered with, and who declared it (for messages).</summary>
/// <param name="Template">The template name, e.g. <c>authenticationendpoint/login</c>.</param>
/// <param name="ModelType">The model's type.</param>
/// <param name="DeclaredBy">Who declared it, e.g. <c>authenticator 'basic'</c> or <c>the engine</c>.</param>
public sealed record DeclaredPage(string Template, Type ModelType, string DeclaredBy);
