namespace Pickup.Host.Http;

/// <summary>
/// The heading shown above each failure on the engine's error page. The sentence itself is the failure key's own
/// text in <c>endpoints/i18n/&lt;language&gt;.json</c>, so every key (the engine's and the plugins') reads the same
/// wherever it is shown.
/// </summary>
internal static class EngineMessages
{
    /// <summary>The heading of a failure the engine has no specific heading for.</summary>
    public const string FailedTitleKey = "error.title.failed";

    /// <summary>The heading of a protocol request the OpenID Connect server refused.</summary>
    public const string RefusedTitleKey = "error.title.refused";

    /// <summary>The sentence under <see cref="RefusedTitleKey"/>.</summary>
    public const string RefusedKey = "authorize.refused";

    private static readonly Dictionary<string, string> TitleKeys = new(StringComparer.Ordinal)
    {
        ["session.expired"] = "error.title.expired",
        ["request.forged"] = "error.title.page_expired",
        ["request.invalid"] = "error.title.generic",
        ["user.mismatch"] = "error.title.stopped",
        ["user.not.identified"] = "error.title.not_possible",
        ["subject.missing"] = "error.title.not_possible",
        ["client.invalid"] = "error.title.unknown_app",
        ["signed.out"] = "error.title.signed_out",
        ["service.unavailable"] = "error.title.generic",
        ["authorize.too.large"] = RefusedTitleKey,
        [RefusedKey] = RefusedTitleKey,
    };

    /// <summary>The heading key for <paramref name="failureKey"/>; any key, even one from a URL, gets a real heading.</summary>
    public static string TitleKeyFor(string failureKey) => TitleKeys.GetValueOrDefault(failureKey, FailedTitleKey);
}
