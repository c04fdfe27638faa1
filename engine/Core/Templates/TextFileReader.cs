using System.Text;
using System.Text.Json;
using Pickup.Abstractions.Configuration;

namespace Pickup.Core.Templates;

/// <summary>
/// Reads one <c>i18n/&lt;language&gt;.json</c>: a flat JSON object of key → text. Every problem (bad JSON, a value
/// that is not a string, a key written twice, a text that is not a valid <c>{0}</c>-style format) is reported with
/// the file, line and column, so a translator can find it.
/// </summary>
internal static class TextFileReader
{
    private static readonly JsonReaderOptions Options = new()
    {
        // Translators annotate and reorder files by hand; neither should be an error.
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The texts of <paramref name="path"/>; problems go to <paramref name="errors"/> and their keys are left out.</summary>
    public static Dictionary<string, string> Read(string path, List<ConfigurationError> errors) => Read(path, errors, null);

    /// <summary>
    /// The texts of <paramref name="path"/>, and where each key is written into <paramref name="locations"/> (when
    /// given); problems go to <paramref name="errors"/> and their keys are left out.
    /// </summary>
    public static Dictionary<string, string> Read(string path, List<ConfigurationError> errors, Dictionary<string, SourceLocation>? locations)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var file = EndpointRoots.DisplayPath(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigurationError(new SourceLocation(file, 1, 1), $"the text file cannot be read: {exception.Message}"));
            return texts;
        }

        var utf8 = bytes.AsSpan();
        if (utf8.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        try
        {
            ReadObject(utf8, file, texts, errors, locations);
        }
        catch (JsonException exception)
        {
            // The reader's positions are 0-based.
            var line = (int)(exception.LineNumber ?? 0) + 1;
            var column = (int)(exception.BytePositionInLine ?? 0) + 1;
            errors.Add(new ConfigurationError(new SourceLocation(file, line, column), $"not valid JSON: {FirstSentence(exception.Message)}"));
        }

        return texts;
    }

    private static void ReadObject(
        ReadOnlySpan<byte> utf8,
        string file,
        Dictionary<string, string> texts,
        List<ConfigurationError> errors,
        Dictionary<string, SourceLocation>? locations)
    {
        var reader = new Utf8JsonReader(utf8, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            errors.Add(new ConfigurationError(At(utf8, file, reader.TokenStartIndex), "a text file must be one JSON object of \"key\": \"text\" pairs"));
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            var keyLocation = At(utf8, file, reader.TokenStartIndex);
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                errors.Add(new ConfigurationError(keyLocation, $"the value of '{key}' must be a string"));
                reader.Skip();
                continue;
            }

            var text = reader.GetString()!;
            if (key.Length == 0)
            {
                errors.Add(new ConfigurationError(keyLocation, "a key must not be empty"));
            }
            else if (!IsValidFormat(text))
            {
                errors.Add(new ConfigurationError(keyLocation, $"the text of '{key}' has a stray '{{' or '}}': write {{0}} for a value, and {{{{ or }}}} for a brace"));
            }
            else if (!texts.TryAdd(key, text))
            {
                errors.Add(new ConfigurationError(keyLocation, $"'{key}' is written twice; keep one"));
            }
            else
            {
                locations?.TryAdd(key, keyLocation);
            }
        }

        // Drains the rest, so trailing garbage after the object is reported too.
        while (reader.Read())
        {
        }
    }

    /// <summary>True when <paramref name="text"/> is a valid composite format (<c>{0}</c> placeholders, doubled braces).</summary>
    public static bool IsValidFormat(string text)
    {
        try
        {
            _ = System.Text.CompositeFormat.Parse(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>How many values <paramref name="text"/> needs (one more than its highest placeholder index).</summary>
    public static int ArgumentCount(string text) => System.Text.CompositeFormat.Parse(text).MinimumArgumentCount;

    private static SourceLocation At(ReadOnlySpan<byte> utf8, string file, long offset)
    {
        var before = utf8[..(int)Math.Min(offset, utf8.Length)];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var line = before.Count((byte)'\n') + 1;
        // Columns count characters, as an editor shows them, not UTF-8 bytes.
        var column = Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
        return new SourceLocation(file, line, column);
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return end > 0 ? message[..end].TrimEnd() : message;
    }
}
