namespace Pickup.Abstractions.Pages;

/// <summary>A page to render: a template under <c>endpoints/</c> and the model it shows.</summary>
/// <param name="Template">Template path without extension, e.g. <c>authenticationendpoint/login</c>.</param>
/// <param name="Model">
/// An object whose public properties the template reads, renamed to snake_case (<c>ErrorMessage</c> →
/// <c>error_message</c>). Every value is HTML-escaped when written.
/// </param>
/// <remarks>Per request. The engine adds <c>session_data_key</c>, <c>form_action</c> and the anti-forgery fields.</remarks>
public sealed record PageView(string Template, object Model);

/// <summary>A GET for one of an authenticator's pages.</summary>
/// <param name="Template">The template path the URL names, e.g. <c>authenticationendpoint/login</c>.</param>
/// <param name="Query">The query string (first value of each parameter).</param>
public sealed record PageRequest(string Template, IReadOnlyDictionary<string, string> Query);
