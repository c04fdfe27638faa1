using System.Text.RegularExpressions;
using Pickup.Core.Templates;

namespace Pickup.Core.Tests.Templates;

/// <summary>Every template shipped in endpoints/ parses and renders with a model like the one its page gets.</summary>
public sealed partial class ShippedTemplateTests
{
    private const string Marker = "<i>&\"'";

    private static readonly Dictionary<string, object?> Globals = new()
    {
        ["session_data_key"] = "sdk-" + Marker,
        ["form_action"] = "/commonauth",
        ["antiforgery_field_name"] = "__RequestVerificationToken",
        ["antiforgery_token"] = "token-" + Marker,
    };

    private readonly TemplateRenderer _renderer = new(TemplateDirectory.ShippedEndpoints());

    public static TheoryData<string> Templates() => new(Models.Keys);

    private static Dictionary<string, object> Models => new()
    {
        ["authenticationendpoint/login"] = new { ErrorMessage = Marker },
        ["authenticationendpoint/multi-option"] = new
        {
            Options = new[]
            {
                new { Authenticator = "basic", Idp = (string?)null, DisplayName = "Username and password" },
                new { Authenticator = "sms_otp", Idp = (string?)"SMSOTP", DisplayName = Marker },
            },
        },
        ["authenticationendpoint/error"] = new { Title = "Sign-in problem", Message = Marker },
        ["smsotpauthenticationendpoint/smsotp"] = new
        {
            MaskedNumber = "******8888",
            ResendEnabled = true,
            ErrorMessage = (string?)Marker,
            NoticeMessage = (string?)null,
            ResendWaitSeconds = 12,
        },
        ["smsotpauthenticationendpoint/smsotpError"] = new { Message = Marker, RetryUrl = (string?)null },
        ["smsotpauthenticationendpoint/mobile"] = new { ErrorMessage = (string?)Marker },
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public void Render_RepresentativeModel_IsCompletePhonePageWithEscapedValues(string template)
    {
        var html = _renderer.Render(template, Models[template], Globals);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/static/pickup.css\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;i&gt;&amp;&quot;&#39;", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Render_EveryForm_PostsToCommonAuthWithSessionAndAntiforgeryFields(string template)
    {
        var html = _renderer.Render(template, Models[template], Globals);

        foreach (Match form in FormElement().Matches(html))
        {
            var body = form.Value;
            Assert.Contains("method=\"post\" action=\"/commonauth\"", body, StringComparison.Ordinal);
            Assert.Contains("<input type=\"hidden\" name=\"sessionDataKey\" value=\"sdk-&lt;i&gt;&amp;&quot;&#39;\">", body, StringComparison.Ordinal);
            Assert.Contains("<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"token-&lt;i&gt;&amp;&quot;&#39;\">", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_LoginPage_HasLabelledFieldsAndEmptyUsername()
    {
        var html = _renderer.Render("authenticationendpoint/login", new { ErrorMessage = (string?)null }, Globals);

        Assert.Contains("<label for=\"username\">", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"password\">", html, StringComparison.Ordinal);
        Assert.Matches("<input [^>]*name=\"username\"[^>]*autocomplete=\"username\"", html);
        Assert.Matches("<input [^>]*name=\"password\"[^>]*autocomplete=\"current-password\"", html);
        Assert.DoesNotMatch("name=\"username\"[^>]*value=", html);
        Assert.Contains(">Sign in</button>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("role=\"alert\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LoginPageWithError_ShowsItInAlert()
    {
        var html = _renderer.Render("authenticationendpoint/login", new { ErrorMessage = "The username or password is not right." }, Globals);

        Assert.Contains("<p role=\"alert\" class=\"error\">The username or password is not right.</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MultiOptionPage_OneFormPerOption()
    {
        var html = _renderer.Render("authenticationendpoint/multi-option", Models["authenticationendpoint/multi-option"], Globals);

        Assert.Equal(2, FormElement().Count(html));
        Assert.Contains("<input type=\"hidden\" name=\"authenticator\" value=\"sms_otp\">", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"idp\" value=\"SMSOTP\">", html, StringComparison.Ordinal);
        Assert.Contains(">Username and password</button>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SmsOtpPageWithResend_ShowsCodeFieldAndResendButton()
    {
        var model = new { MaskedNumber = "******8888", ResendEnabled = true, ErrorMessage = (string?)null, NoticeMessage = (string?)null, ResendWaitSeconds = 0 };

        var html = _renderer.Render("smsotpauthenticationendpoint/smsotp", model, Globals);

        Assert.Contains("We sent a code to ******8888", html, StringComparison.Ordinal);
        Assert.Matches("<input [^>]*name=\"OTPcode\"[^>]*inputmode=\"numeric\"[^>]*autocomplete=\"one-time-code\"", html);
        Assert.Contains("<label for=\"OTPcode\">", html, StringComparison.Ordinal);
        Assert.Contains(">Authenticate</button>", html, StringComparison.Ordinal);
        Assert.Matches("<button [^>]*name=\"resendCode\" value=\"true\" formnovalidate>Resend code</button>", html);
        Assert.DoesNotContain("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("You can ask for a new code", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SmsOtpPageWithoutResend_HasNoResendButton()
    {
        var model = new { MaskedNumber = "******8888", ResendEnabled = false, ErrorMessage = (string?)"That code is not right.", NoticeMessage = (string?)null, ResendWaitSeconds = 0 };

        var html = _renderer.Render("smsotpauthenticationendpoint/smsotp", model, Globals);

        Assert.DoesNotContain("resendCode", html, StringComparison.Ordinal);
        Assert.Contains("<p role=\"alert\" class=\"error\">That code is not right.</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MobilePage_HasTelephoneField()
    {
        var html = _renderer.Render("smsotpauthenticationendpoint/mobile", new { ErrorMessage = (string?)null }, Globals);

        Assert.Matches("<input type=\"tel\" id=\"MOBILE_NUMBER\" name=\"MOBILE_NUMBER\" autocomplete=\"tel\"", html);
        Assert.Contains(">Continue</button>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SmsOtpErrorPageWithRetryUrl_LinksToIt()
    {
        var html = _renderer.Render("smsotpauthenticationendpoint/smsotpError", new { Message = "m", RetryUrl = (string?)"/start?a=1&b=2" }, Globals);

        Assert.Contains("<a class=\"button\" href=\"/start?a=1&amp;b=2\">Start again</a>", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<form\\b.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormElement();
}
