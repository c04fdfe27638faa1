namespace Pickup.Host.Endpoints;

/// <summary>Sentences for the engine's own failure keys (authenticators word their own).</summary>
internal static class EngineMessages
{
    private static readonly Dictionary<string, (string Title, string Message)> Messages = new(StringComparer.Ordinal)
    {
        ["session.expired"] = ("Sign-in expired", "This sign-in has expired or was opened in another browser. Go back to the app and sign in again."),
        ["request.forged"] = ("Page expired", "This page has expired. Go back to the app and sign in again."),
        ["request.invalid"] = ("Something went wrong", "The request was not understood. Go back to the app and sign in again."),
        ["user.mismatch"] = ("Sign-in stopped", "The steps of this sign-in identified different accounts, so it was stopped. Sign in again."),
        ["user.not.identified"] = ("Sign-in not possible", "This application's sign-in is not set up correctly. Please tell its administrator."),
        ["subject.missing"] = ("Sign-in not possible", "Your account lacks details this application needs. Please contact your administrator."),
        ["client.invalid"] = ("Unknown application", "The application that sent you here is not registered, so you were not sent back to it."),
        ["signed.out"] = ("Signed out", "You have signed out."),
    };

    public static (string Title, string Message) For(string key) =>
        Messages.TryGetValue(key, out var message)
            ? message
            : ("Something went wrong", "The sign-in could not be completed. Go back to the app and sign in again.");
}
