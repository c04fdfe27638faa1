namespace Pickup.Plugins.Basic.Login;

/// <summary>Which failure the login page reports for an <c>authFailureMsg</c> key.</summary>
/// <remarks>
/// The key comes from the query string, so it only selects one of a fixed set of keys; anything else becomes
/// <see cref="GenericKey"/>. The sentences live in the plugin's text files (<c>endpoints/i18n/&lt;language&gt;.json</c>, merged into the page texts), the shared ones in the installation's.
/// </remarks>
internal static class LoginMessages
{
    /// <summary>The text key of the generic failure sentence, for a key this page does not know.</summary>
    public const string GenericKey = "error.generic";

    /// <summary>The failure keys the login page can show.</summary>
    public static readonly IReadOnlySet<string> Keys = new HashSet<string>(StringComparer.Ordinal)
    {
        LoginPage.LoginFailed,
        "user.account.locked",
        "login.rate.limited",
    };

    /// <summary>The text key for the page's query, or null when the query reports no failure.</summary>
    public static string? ForQuery(IReadOnlyDictionary<string, string> query)
    {
        if (!query.TryGetValue("authFailure", out var failure) || !string.Equals(failure, "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return query.TryGetValue("authFailureMsg", out var key) && Keys.Contains(key) ? key : GenericKey;
    }
}
