namespace Pickup.Abstractions.Pages;

/// <summary>A page to render: a template under <c>endpoints/</c> and the model it shows.</summary>
/// <remarks>Per request. The engine adds <c>session_data_key</c>, <c>form_action</c> and the anti-forgery fields.</remarks>
public sealed class PageView
{
    /// <summary>Names the page to render and the model it shows.</summary>
    /// <param name="template">Template path without extension, e.g. <c>authenticationendpoint/login</c>.</param>
    /// <param name="model">The object whose public properties the template reads (see <see cref="Model"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="template"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public PageView(string template, object model)
    {
        ArgumentException.ThrowIfNullOrEmpty(template);
        ArgumentNullException.ThrowIfNull(model);
        Template = template;
        Model = model;
    }

    /// <summary>Template path without extension, e.g. <c>authenticationendpoint/login</c>.</summary>
    public string Template { get; }

    /// <summary>
    /// An object whose public properties the template reads, renamed to snake_case (<c>ErrorMessage</c> →
    /// <c>error_message</c>). Every value is HTML-escaped when written.
    /// </summary>
    public object Model { get; }
}

/// <summary>A GET for one of an authenticator's pages.</summary>
/// <remarks>Created by the engine per request (a test creates one with an object initializer). Immutable.</remarks>
public sealed class PageRequest
{
    /// <summary>The template path the URL names, e.g. <c>authenticationendpoint/login</c>.</summary>
    public required string Template { get; init; }

    /// <summary>The query string (first value of each parameter).</summary>
    public required IReadOnlyDictionary<string, string> Query { get; init; }
}
