namespace Pickup.FakeVonage;

/// <summary>How the fake Vonage server answers; immutable, combine with <c>with</c> or the helpers.</summary>
public sealed record FakeVonageBehavior
{
    /// <summary>The longest delay a test may ask for, so no test can hang the suite.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private readonly TimeSpan _delay;

    /// <summary>Vonage's per-message status ("0" accepted).</summary>
    public string Status { get; init; } = "0";

    /// <summary>Vonage's <c>error-text</c> for a non-zero status.</summary>
    public string? ErrorText { get; init; }

    /// <summary>
    /// The HTTP status; Vonage uses 200 even when it refuses a message. A 2xx status carries the Vonage JSON answer,
    /// any other a small error body.
    /// </summary>
    public int HttpStatusCode { get; init; } = 200;

    /// <summary>When set, this body is sent as it is (with <see cref="RawContentType"/>) instead of Vonage JSON.</summary>
    public string? RawBody { get; init; }

    /// <summary>The content type of <see cref="RawBody"/>.</summary>
    public string RawContentType { get; init; } = "text/html";

    /// <summary>Wait before answering (bounded by <see cref="MaxDelay"/>).</summary>
    public TimeSpan Delay
    {
        get => _delay;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxDelay);
            _delay = value;
        }
    }

    /// <summary>When set, requests with another api_key or api_secret get status "4" "Bad Credentials".</summary>
    public (string ApiKey, string ApiSecret)? ExpectedCredentials { get; init; }

    /// <summary>Accept every message (status "0").</summary>
    public static FakeVonageBehavior Accept() => new();

    /// <summary>Answer HTTP 200 with a Vonage refusal, e.g. status "2" "Missing to param" or "9" "Partner quota exceeded".</summary>
    public static FakeVonageBehavior Reject(string status, string errorText) => new() { Status = status, ErrorText = errorText };

    /// <summary>Answer with this HTTP status: a Vonage acceptance for 2xx, otherwise a small JSON error body.</summary>
    public static FakeVonageBehavior HttpError(int statusCode) => new() { HttpStatusCode = statusCode };

    /// <summary>Answer HTTP 200 with a body that is not Vonage JSON.</summary>
    public static FakeVonageBehavior Body(string body, string contentType = "text/html") =>
        new() { RawBody = body, RawContentType = contentType };

    /// <summary>This behaviour, answering only after <paramref name="delay"/>.</summary>
    public FakeVonageBehavior WithDelay(TimeSpan delay) => this with { Delay = delay };

    /// <summary>This behaviour, for requests carrying these credentials; others get status "4".</summary>
    public FakeVonageBehavior RequireCredentials(string apiKey, string apiSecret) =>
        this with { ExpectedCredentials = (apiKey, apiSecret) };
}
