using Pickup.Abstractions.Authentication;

namespace Pickup.Plugins.Tests.SmsOtp;

/// <summary>Assertions on authenticator outcomes.</summary>
internal static class Results
{
    public const string CodePage = "smsotpauthenticationendpoint/smsotp";
    public const string ErrorPage = "smsotpauthenticationendpoint/smsotpError";
    public const string MobilePage = "smsotpauthenticationendpoint/mobile";

    public static void AssertShowsPage(AuthenticatorResult result, string template)
    {
        Assert.Equal(AuthenticatorResultKind.ShowPage, result.Kind);
        Assert.Equal(template, result.Template);
        Assert.False(result.Query.ContainsKey("authFailure"), "a plain page carries no failure");
    }

    public static void AssertRetry(AuthenticatorResult result, string template, string key)
    {
        Assert.Equal(AuthenticatorResultKind.ShowPage, result.Kind);
        Assert.Equal(template, result.Template);
        Assert.Equal("true", result.Query["authFailure"]);
        Assert.Equal(key, result.Query["authFailureMsg"]);
    }

    public static void AssertFailed(AuthenticatorResult result, string key)
    {
        Assert.Equal(AuthenticatorResultKind.Failed, result.Kind);
        Assert.Equal(ErrorPage, result.Template);
        Assert.Equal(key, result.FailureKey);
    }

    public static void AssertChooseAnotherOption(AuthenticatorResult result, string key)
    {
        Assert.Equal(AuthenticatorResultKind.ChooseAnotherOption, result.Kind);
        Assert.Equal(key, result.FailureKey);
        Assert.Equal(key, result.Query["authFailureMsg"]);
    }

    public static void AssertSucceeded(AuthenticatorResult result)
    {
        Assert.Equal(AuthenticatorResultKind.Succeeded, result.Kind);
        Assert.Null(result.User);
    }
}
