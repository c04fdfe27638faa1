using Pickup.Abstractions.Configuration;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Serialization;
using Tomlyn.Syntax;

namespace Pickup.Core.Configuration.Loading;

/// <summary>One parsed TOML file: its values with the position of every key.</summary>
internal sealed class TomlDocument
{
    private readonly Dictionary<string, List<SourceLocation>> _tableArrayHeaders;

    private TomlDocument(
        string file,
        TomlTable table,
        ITomlMetadataStore metadata,
        Dictionary<string, List<SourceLocation>> tableArrayHeaders,
        LoadContext context)
    {
        File = file;
        Metadata = metadata;
        _tableArrayHeaders = tableArrayHeaders;
        Root = new TomlTableReader(this, table, null, "the top level", Start, context);
    }

    /// <summary>The file as shown in messages.</summary>
    public string File { get; }

    /// <summary>Key positions of every table of the file.</summary>
    public ITomlMetadataStore Metadata { get; }

    /// <summary>The top-level table.</summary>
    public TomlTableReader Root { get; }

    /// <summary>The location at the very start of the file, for problems that belong to no key.</summary>
    public SourceLocation Start => new(File, 1, 1);

    /// <summary>
    /// Parses <paramref name="fullPath"/>. Returns null, with the errors recorded, when the file cannot be read or is
    /// not valid TOML: nothing in such a file can be trusted, so it is not read further.
    /// </summary>
    public static TomlDocument? Load(string fullPath, LoadContext context)
    {
        var file = LoadContext.DisplayPath(fullPath);
        string text;
        try
        {
            text = System.IO.File.ReadAllText(fullPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            context.AddError(new SourceLocation(file, 1, 1), $"the file cannot be read: {exception.Message}");
            return null;
        }

        // The syntax parser reports every syntax error and every duplicate key or table, which the object
        // deserializer would silently resolve (last one wins).
        var syntax = SyntaxParser.Parse(text, file, true);
        if (syntax.HasErrors)
        {
            foreach (var diagnostic in syntax.Diagnostics.Where(d => d.Kind == DiagnosticMessageKind.Error))
            {
                context.AddError(new SourceLocation(file, diagnostic.Span.Start.Line + 1, diagnostic.Span.Start.Column + 1), diagnostic.Message);
            }

            return null;
        }

        var metadata = new TomlMetadataStore();
        TomlTable table;
        try
        {
            table = TomlSerializer.Deserialize<TomlTable>(text, new TomlSerializerOptions
            {
                SourceName = file,
                MetadataStore = metadata,
                DuplicateKeyHandling = TomlDuplicateKeyHandling.Error,
            }) ?? [];
        }
        catch (TomlException exception)
        {
            context.AddError(new SourceLocation(file, Math.Max(exception.Line ?? 1, 1), Math.Max(exception.Column ?? 1, 1)), FirstLine(exception.Message));
            return null;
        }

        return new TomlDocument(file, table, metadata, CollectTableArrayHeaders(syntax, file), context);
    }

    /// <summary>
    /// Where each <c>[[name]]</c> header stands, in order, by dotted name. The object model keeps no position for
    /// the elements of an array of tables, and "step 2" is best shown at its own header.
    /// </summary>
    public IReadOnlyList<SourceLocation> TableArrayHeaders(string dottedName) =>
        _tableArrayHeaders.TryGetValue(dottedName, out var headers) ? headers : [];

    private static Dictionary<string, List<SourceLocation>> CollectTableArrayHeaders(DocumentSyntax syntax, string file)
    {
        var headers = new Dictionary<string, List<SourceLocation>>(StringComparer.Ordinal);
        foreach (var table in syntax.Tables.OfType<TableArraySyntax>())
        {
            if (table.Name is not { } name || DottedName(name) is not { } dotted)
            {
                continue;
            }

            if (!headers.TryGetValue(dotted, out var list))
            {
                list = [];
                headers.Add(dotted, list);
            }

            list.Add(new SourceLocation(file, table.Span.Start.Line + 1, table.Span.Start.Column + 1));
        }

        return headers;
    }

    private static string? DottedName(KeySyntax key)
    {
        var parts = new List<string>();
        if (KeyPart(key.Key) is not { } first)
        {
            return null;
        }

        parts.Add(first);
        foreach (var item in key.DotKeys)
        {
            if (KeyPart(item.Key) is not { } part)
            {
                return null;
            }

            parts.Add(part);
        }

        return string.Join('.', parts);
    }

    private static string? KeyPart(BareKeyOrStringValueSyntax? key) => key switch
    {
        BareKeySyntax bare => bare.Key?.Text,
        StringValueSyntax quoted => quoted.Value,
        _ => null,
    };

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
