using System.Text.RegularExpressions;
using Scriban;
using Scriban.Functions;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Pickup.Plugins.SmsOtp.Configuration;

/// <summary>
/// The SMS text (<see cref="SmsOtpParameters.SmsMessageTemplate"/>): a Scriban text template with the variables
/// <c>code</c>, <c>app</c> (the service provider's name) and <c>minutes</c> (the code's lifetime, rounded up).
/// </summary>
/// <remarks>
/// Once per server; thread-safe (the parsed template is immutable, each render has its own context). Validated at
/// start-up by rendering it with sample values: it must parse, use only those variables, and show the code as a word
/// of its own, so phones offer it for autofill and scripts can pick it out.
/// </remarks>
public sealed class MessageTemplate
{
    private const string SampleDigits = "4286130597";
    private const string SampleLetters = "K7M3Q9T2W4";

    private readonly Template _template;

    private MessageTemplate(string text, Template template)
    {
        Text = text;
        _template = template;
    }

    /// <summary>The default template, <see cref="SmsOtpOptions.DefaultMessageTemplate"/>.</summary>
    public static MessageTemplate Default { get; } =
        new(SmsOtpOptions.DefaultMessageTemplate, Template.Parse(SmsOtpOptions.DefaultMessageTemplate));

    /// <summary>The template's source text.</summary>
    public string Text { get; }

    /// <summary>Parses and checks <paramref name="text"/>; null with <paramref name="problem"/> (a phrase after the key name) when it is unusable.</summary>
    public static MessageTemplate? TryCreate(string text, int tokenLength, bool alphanumeric, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var template = Template.Parse(text);
        if (template.HasErrors)
        {
            problem = "is not a valid Scriban template: " + string.Join("; ", template.Messages.Select(m => m.Message));
            return null;
        }

        var candidate = new MessageTemplate(text, template);
        var sample = (alphanumeric ? SampleLetters : SampleDigits)[..Math.Clamp(tokenLength, 1, SampleDigits.Length)];
        string rendered;
        try
        {
            rendered = candidate.Render(sample, "pickup-dispatch", 5);
        }
        catch (ScriptRuntimeException exception)
        {
            problem = "cannot be rendered (only code, app and minutes are known): " + exception.OriginalMessage;
            return null;
        }

        if (!rendered.Contains(sample, StringComparison.Ordinal))
        {
            problem = "must show the code with {{ code }}";
            return null;
        }

        if (!Regex.IsMatch(rendered, $"(?<![0-9A-Za-z]){sample}(?![0-9A-Za-z])", RegexOptions.CultureInvariant))
        {
            problem = "must show the code as a word of its own, with a space or punctuation on each side";
            return null;
        }

        problem = null;
        return candidate;
    }

    /// <summary>
    /// Scriban's built-in functions, made once: a context made without them builds its own copy on every message.
    /// Shared by all renders, so made read-only (a template cannot change them for the next message).
    /// </summary>
    private static readonly ScriptObject Builtins = ReadOnly(new BuiltinFunctions());

    private static ScriptObject ReadOnly(ScriptObject scriptObject)
    {
        foreach (var name in scriptObject.Keys.ToList())
        {
            if (scriptObject[name] is ScriptObject nested)
            {
                ReadOnly(nested);
            }

            scriptObject.SetReadOnly(name, true);
        }

        return scriptObject;
    }

    /// <summary>The message for one code.</summary>
    /// <exception cref="ScriptRuntimeException">The template failed (start-up validation makes this unexpected).</exception>
    public string Render(string code, string app, int minutes)
    {
        var variables = new ScriptObject
        {
            ["code"] = code,
            ["app"] = app,
            ["minutes"] = minutes,
        };
        var context = new TemplateContext(Builtins) { StrictVariables = true, LoopLimit = 100, RecursiveLimit = 10 };
        context.PushGlobal(variables);
        return _template.Render(context);
    }
}
