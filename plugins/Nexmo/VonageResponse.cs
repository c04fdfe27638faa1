using System.Text;
using System.Text.Json;

namespace Pickup.Plugins.Nexmo;

/// <summary>
/// Reads Vonage's SMS API answer: <c>{"message-count":"1","messages":[{"status":"0",...}]}</c>. Vonage answers
/// HTTP 200 even when it refuses a message, so the per-message <c>status</c> is what tells success.
/// </summary>
internal static class VonageResponse
{
    private const int MaxErrorTextLength = 200;

    /// <summary>Null when every message has status "0"; otherwise why not, with <paramref name="redact"/> applied to Vonage's own words.</summary>
    public static string? FindFailure(ReadOnlyMemory<byte> body, Func<string, string> redact)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return "the answer is not Vonage JSON";
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("messages", out var messages)
                || messages.ValueKind != JsonValueKind.Array
                || messages.GetArrayLength() == 0)
            {
                return "the answer has no Vonage 'messages' list";
            }

            foreach (var item in messages.EnumerateArray())
            {
                var status = item.ValueKind == JsonValueKind.Object ? ReadScalar(item, "status") : null;
                if (status == "0")
                {
                    continue;
                }

                if (status is null)
                {
                    return "a Vonage message has no status";
                }

                var errorText = ReadScalar(item, "error-text");
                return errorText is null
                    ? $"Vonage refused the message: status {Clean(status, redact)}"
                    : $"Vonage refused the message: status {Clean(status, redact)} ({Clean(errorText, redact)})";
            }

            return null;
        }
    }

    // Vonage writes numbers as strings; accept a bare number too.
    private static string? ReadScalar(JsonElement item, string name) =>
        !item.TryGetProperty(name, out var value) ? null : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };

    // The provider's words end up in administrators' logs: no control characters (log forging), bounded, redacted.
    private static string Clean(string text, Func<string, string> redact)
    {
        var redacted = redact(text);
        var builder = new StringBuilder(Math.Min(redacted.Length, MaxErrorTextLength));
        foreach (var c in redacted)
        {
            if (builder.Length == MaxErrorTextLength)
            {
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString();
    }
}
