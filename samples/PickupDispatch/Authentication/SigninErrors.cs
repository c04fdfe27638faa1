namespace Pickup.Samples.PickupDispatch.Authentication;

/// <summary>Sentences for the OAuth error codes a driver may meet when sign-in fails.</summary>
internal static class SigninErrors
{
    private static readonly Dictionary<string, string> Sentences = new(StringComparer.Ordinal)
    {
        ["access_denied"] = "Sign-in was cancelled or refused.",
        ["login_required"] = "You need to sign in again.",
        ["consent_required"] = "The sign-in service needs your consent before you can continue.",
        ["invalid_request"] = "The sign-in service rejected the request from this app.",
        ["unauthorized_client"] = "This app is not allowed to sign drivers in. Ask the administrator to check its registration.",
        ["invalid_client"] = "This app is not allowed to sign drivers in. Ask the administrator to check its registration.",
        ["invalid_scope"] = "The sign-in service does not offer what this app asked for.",
        ["server_error"] = "The sign-in service had a problem. Try again in a moment.",
        ["temporarily_unavailable"] = "The sign-in service is busy. Try again in a moment.",
    };

    public const string Default = "Sign-in did not complete. Try again; if it keeps failing, ask the administrator.";

    public static string Describe(string? code) =>
        code is not null && Sentences.TryGetValue(code, out var sentence) ? sentence : Default;

    public static bool IsWellFormedCode(string? code) =>
        !string.IsNullOrEmpty(code) && code.Length <= 64 && code.All(c => c is (>= 'a' and <= 'z') or '_');
}
