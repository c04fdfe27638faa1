namespace Pickup.FakeVonage;

/// <summary>One request the fake Vonage server received.</summary>
/// <param name="To">The <c>to</c> parameter.</param>
/// <param name="From">The <c>from</c> parameter.</param>
/// <param name="Text">The <c>text</c> parameter.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Headers">The request headers (case-insensitive names, repeated values joined with ", ").</param>
public sealed record ReceivedSms(
    string To,
    string From,
    string Text,
    string Method,
    IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The request body as text (empty when there was none).</summary>
    public string Body { get; init; } = string.Empty;
}
