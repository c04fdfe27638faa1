using System.Text;
using System.Text.Json;
using Pickup.Sms.Contracts;

namespace Pickup.Plugins.Nexmo;

/// <summary>
/// Reads Vonage's SMS API answer: <c>{"message-count":"1","messages":[{"status":"0",...}]}</c>. Vonage answers
/// HTTP 200 even when it refuses a message, so the per-message <c>status</c> is what tells success.
/// </summary>
internal static class VonageResponse
{
    private const int MaxErrorTextLength = 200;

    /// <summary>Null when every message has status "0"; otherwise why not, with <paramref name="redact"/> applied to Vonage's own words.</summary>
    public static NexmoFailure? FindFailure(ReadOnlyMemory<byte> body, Func<string, string> redact)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return NotVonage("the answer is not Vonage JSON");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("messages", out var messages)
                || messages.ValueKind != JsonValueKind.Array
                || messages.GetArrayLength() == 0)
            {
                return NotVonage("the answer has no Vonage 'messages' list");
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
                    return NotVonage("a Vonage message has no status");
                }

                var row = VonageStatus.For(Clean(status, redact));
                var errorText = ReadScalar(item, "error-text");
                var detail = $"Vonage refused the message: status {row.Status} {row.Meaning}"
                             + (string.IsNullOrWhiteSpace(errorText) ? string.Empty : $" ({Clean(errorText, redact)})");
                return new NexmoFailure(row.Reason, detail, row.Action) { Status = VonageStatus.IsKnown(row.Status) ? "vonage_" + row.Status : "vonage_other" };
            }

            return null;
        }
    }

    // Something other than Vonage answered at sms_url: a wrong URL, or a proxy or captive portal in the way.
    private static NexmoFailure NotVonage(string detail) =>
        new(SmsFailureReason.Misconfigured, detail, "check that sms_url points at Vonage's SMS API and nothing intercepts the connection");

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
