namespace Pickup.Plugins.Basic.Login;

/// <summary>Sentences shown on the login page for an <c>authFailureMsg</c> key.</summary>
/// <remarks>The key comes from the query string, so it is only ever used to look up a fixed sentence, never shown.</remarks>
internal static class LoginMessages
{
    private const string Generic = "We couldn't sign you in. Please try again.";

    private static readonly Dictionary<string, string> Sentences = new(StringComparer.Ordinal)
    {
        [LoginPage.LoginFailed] = "The username or password is not right.",
        ["user.account.locked"] = "This account is locked for a while after too many failed tries. Please try again later.",
        ["login.rate.limited"] = "Too many sign-in attempts from this device. Please wait a minute and try again.",
    };

    /// <summary>The sentence for the page's query, or null when the query reports no failure.</summary>
    public static string? ForQuery(IReadOnlyDictionary<string, string> query)
    {
        if (!query.TryGetValue("authFailure", out var failure) || !string.Equals(failure, "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return query.TryGetValue("authFailureMsg", out var key) && Sentences.TryGetValue(key, out var sentence)
            ? sentence
            : Generic;
    }
}
