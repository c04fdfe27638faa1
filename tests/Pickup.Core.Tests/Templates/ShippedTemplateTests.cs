using System.Text.RegularExpressions;
using Pickup.Core.Templates;

namespace Pickup.Core.Tests.Templates;

/// <summary>Every template shipped in endpoints/ parses and renders, in each shipped language, with a model like the one its page gets.</summary>
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

    private readonly TemplateRenderer _renderer = new(TemplateDirectory.ShippedRoots());

    public static TheoryData<string, string> TemplatesInEachLanguage()
    {
        var data = new TheoryData<string, string>();
        foreach (var template in Models.Keys)
        {
            data.Add(template, "en");
            data.Add(template, "es");
        }

        return data;
    }

    public static TheoryData<string> Templates() => new(Models.Keys);

    // Each model holds the marker in a value the page shows, so escaping is checked on every page.
    private static Dictionary<string, object> Models => new()
    {
        ["authenticationendpoint/login"] = new LoginModel("login.fail"),
        ["authenticationendpoint/multi-option"] = new
        {
            Options = new[]
            {
                new { Authenticator = "basic", Idp = (string?)null, DisplayName = "Username and password" },
                new { Authenticator = "sms_otp", Idp = (string?)"SMSOTP", DisplayName = Marker },
            },
            ErrorKey = (string?)"code.mismatch",
        },
        ["authenticationendpoint/error"] = new ErrorModel("error.title.refused", "authorize.refused", Marker),
        ["smsotpauthenticationendpoint/smsotp"] = SmsOtp() with { MaskedNumber = Marker, ErrorKey = "code.mismatch", ResendWaitSeconds = 12 },
        // Its only value is a key from the URL: the page shows a sentence, never the key.
        ["smsotpauthenticationendpoint/smsotpError"] = new { MessageKey = Marker },
        ["smsotpauthenticationendpoint/mobile"] = new MobileModel("mobile.invalid", Marker),
    };

    [Theory]
    [MemberData(nameof(TemplatesInEachLanguage))]
    public void Render_RepresentativeModel_IsCompletePhonePageWithEscapedValues(string template, string language)
    {
        var html = _renderer.Render(template, Models[template], Globals, language);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains($"<html lang=\"{language}\">", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/static/pickup.css\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
        Assert.Equal(template != "smsotpauthenticationendpoint/smsotpError", html.Contains("&lt;i&gt;&amp;&quot;&#39;", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Render_EveryForm_PostsToCommonAuthWithSessionAndAntiforgeryFields(string template)
    {
        var html = _renderer.Render(template, Models[template], Globals, "en");

        foreach (Match form in FormElement().Matches(html))
        {
            var body = form.Value;
            Assert.Contains("method=\"post\" action=\"/commonauth\"", body, StringComparison.Ordinal);
            Assert.Contains("<input type=\"hidden\" name=\"sessionDataKey\" value=\"sdk-&lt;i&gt;&amp;&quot;&#39;\">", body, StringComparison.Ordinal);
            Assert.Contains("<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"token-&lt;i&gt;&amp;&quot;&#39;\">", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Render_EveryVisibleInput_HasItsOwnLabelAndOneFieldHasAutofocus(string template)
    {
        var html = _renderer.Render(template, Models[template], Globals, "en");

        foreach (Match input in VisibleInput().Matches(html))
        {
            var id = Regex.Match(input.Value, "id=\"([^\"]+)\"").Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(id), "input without id: " + input.Value);
            Assert.Contains($"<label for=\"{id}\">", html, StringComparison.Ordinal);
        }

        if (FormElement().IsMatch(html))
        {
            Assert.Single(Regex.Matches(html, "\\sautofocus[\\s>]"));
        }
    }

    [Fact]
    public void Render_LoginPage_HasLabelledFieldsAndEmptyUsername()
    {
        var html = _renderer.Render("authenticationendpoint/login", new LoginModel(null), Globals, "en");

        Assert.Contains("<label for=\"username\">Username</label>", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"password\">Password</label>", html, StringComparison.Ordinal);
        Assert.Matches("<input [^>]*name=\"username\"[^>]*autocomplete=\"username\"", html);
        Assert.Matches("<input [^>]*name=\"password\"[^>]*autocomplete=\"current-password\"", html);
        Assert.DoesNotMatch("name=\"username\"[^>]*value=", html);
        Assert.Contains(">Sign in</button>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("role=\"alert\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LoginPageWithErrorKey_ShowsItsSentenceInAlertTiedToTheField()
    {
        var html = _renderer.Render("authenticationendpoint/login", new LoginModel("login.fail"), Globals, "en");

        Assert.Contains("<p role=\"alert\" class=\"error\" id=\"login-error\">The username or password is not right.</p>", html, StringComparison.Ordinal);
        Assert.Matches("<input [^>]*name=\"username\"[^>]*aria-describedby=\"login-error\"", html);
    }

    [Fact]
    public void Render_LoginPageInSpanish_EveryTextIsSpanish()
    {
        var html = _renderer.Render("authenticationendpoint/login", new LoginModel("user.account.locked"), Globals, "es");

        Assert.Contains("<html lang=\"es\">", html, StringComparison.Ordinal);
        Assert.Contains("<title>Iniciar sesión - Pickup</title>", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"username\">Nombre de usuario</label>", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"password\">Contraseña</label>", html, StringComparison.Ordinal);
        Assert.Contains(">Iniciar sesión</button>", html, StringComparison.Ordinal);
        Assert.Contains("Esta cuenta está bloqueada", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Sign in", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Username", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MultiOptionPage_OneFormPerOptionFirstButtonFocused()
    {
        var html = _renderer.Render("authenticationendpoint/multi-option", Models["authenticationendpoint/multi-option"], Globals, "en");

        Assert.Equal(2, FormElement().Count(html));
        Assert.Contains("<input type=\"hidden\" name=\"authenticator\" value=\"sms_otp\">", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"idp\" value=\"SMSOTP\">", html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\" autofocus>Username and password</button>", html, StringComparison.Ordinal);
        Assert.Contains("<p role=\"alert\" class=\"error\">That code is not right.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MultiOptionPageWithoutError_HasNoAlert()
    {
        var model = new { Options = new[] { new { Authenticator = "basic", Idp = "LOCAL", DisplayName = "Username and password" } }, ErrorKey = (string?)null };

        var html = _renderer.Render("authenticationendpoint/multi-option", model, Globals, "en");

        Assert.DoesNotContain("role=\"alert\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SmsOtpPageNumericWithResendNow_NumericCodeFieldAndEnabledResend()
    {
        var html = _renderer.Render("smsotpauthenticationendpoint/smsotp", SmsOtp(), Globals, "en");

        Assert.Contains("We sent a code to ******8888.", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"OTPcode\">Code</label>", html, StringComparison.Ordinal);
        var field = CodeField(html);
        Assert.Contains("autocomplete=\"one-time-code\"", field, StringComparison.Ordinal);
        Assert.Contains("inputmode=\"numeric\"", field, StringComparison.Ordinal);
        Assert.Contains("pattern=\"[0-9]*\"", field, StringComparison.Ordinal);
        Assert.Contains("maxlength=\"6\"", field, StringComparison.Ordinal);
        Assert.Contains(">Authenticate</button>", html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\" class=\"secondary\" id=\"resend\" name=\"resendCode\" value=\"true\" formnovalidate>Resend code</button>", html, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/plugins/Pickup.Plugins.SmsOtp/static/resend.js\" defer></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("You can ask for a new code in", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SmsOtpPageDuringCoolDown_ShowsCountdownWithTextsForTheScript()
    {
        var html = _renderer.Render("smsotpauthenticationendpoint/smsotp", SmsOtp() with { ResendWaitSeconds = 27 }, Globals, "en");

        Assert.Contains("id=\"resend\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("id=\"resend\"[^>]*disabled", html);
        Assert.Contains(
            "<p class=\"hint\" id=\"resend-wait\" data-seconds=\"27\" data-text=\"You can ask for a new code in {0} seconds.\" "
            + "data-text-one=\"You can ask for a new code in 1 second.\" data-text-ready=\"You can ask for a new code now.\">"
            + "You can ask for a new code in 27 seconds.</p>",
            html,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SmsOtpPageOneSecondLeft_UsesSingular()
    {
        var html = _renderer.Render("smsotpauthenticationendpoint/smsotp", SmsOtp() with { ResendWaitSeconds = 1 }, Globals, "es");

        Assert.Contains(">Podrás pedir un código nuevo dentro de 1 segundo.</p>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Render_SmsOtpPageNumberUnknown_NoSentToLine(string? number)
    {
        var html = _renderer.Render("smsotpauthenticationendpoint/smsotp", SmsOtp() with { MaskedNumber = number }, Globals, "en");

        Assert.DoesNotContain("We sent a code to", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SmsOtpPageAlphanumeric_NoNumericKeyboardNorPattern()
    {
        var html = _renderer.Render("smsotpauthenticationendpoint/smsotp", SmsOtp() with { Numeric = false, CodeLength = 8 }, Globals, "en");

        var field = CodeField(html);
        Assert.DoesNotContain("inputmode", field, StringComparison.Ordinal);
        Assert.DoesNotContain("pattern", field, StringComparison.Ordinal);
        Assert.Contains("autocomplete=\"one-time-code\"", field, StringComparison.Ordinal);
        Assert.Contains("The code has 8 letters and digits.", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, false, 4)]
    [InlineData(4, true, 8)]
    [InlineData(6, true, 8)]
    [InlineData(10, true, 10)]
    public void Render_SmsOtpPage_MaxLengthFitsCodeAndBackupCode(int codeLength, bool backupCodes, int expected)
    {
        var html = _renderer.Render("smsotpauthenticationendpoint/smsotp", SmsOtp() with { CodeLength = codeLength, BackupCodeEnabled = backupCodes }, Globals, "en");

        Assert.Contains($"maxlength=\"{expected}\"", CodeField(html), StringComparison.Ordinal);
        Assert.Equal(backupCodes, html.Contains("backup codes", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_SmsOtpPageWithoutResend_HasNoResendButtonNorScript()
    {
        var html = _renderer.Render("smsotpauthenticationendpoint/smsotp", SmsOtp() with { ResendEnabled = false, ErrorKey = "code.mismatch" }, Globals, "en");

        Assert.DoesNotContain("resendCode", html, StringComparison.Ordinal);
        Assert.DoesNotContain("resend.js", html, StringComparison.Ordinal);
        Assert.Contains("<p role=\"alert\" class=\"error\" id=\"code-error\">That code is not right. Check the text message and try again.</p>", html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"code-hint code-error\" aria-invalid=\"true\"", CodeField(html), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SmsOtpPageWithNotice_ShowsItAsStatus()
    {
        var html = _renderer.Render("smsotpauthenticationendpoint/smsotp", SmsOtp() with { NoticeKey = "smsotp.resent" }, Globals, "es");

        Assert.Contains("<p role=\"status\" class=\"notice\">Te enviamos un código nuevo.</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MobilePage_HasLabelledTelephoneFieldAndRegionHint()
    {
        var html = _renderer.Render("smsotpauthenticationendpoint/mobile", new MobileModel(null, "LK"), Globals, "en");

        Assert.Contains("<label for=\"MOBILE_NUMBER\">Mobile number</label>", html, StringComparison.Ordinal);
        Assert.Matches("<input type=\"tel\" id=\"MOBILE_NUMBER\" name=\"MOBILE_NUMBER\" autocomplete=\"tel\"", html);
        Assert.Contains("or enter a local number from LK.", html, StringComparison.Ordinal);
        Assert.Contains(">Continue</button>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("role=\"alert\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Render_MobilePageWithoutRegion_AsksForCountryCode(string? region)
    {
        var html = _renderer.Render("smsotpauthenticationendpoint/mobile", new MobileModel("mobile.invalid", region), Globals, "en");

        Assert.Contains("Include the country code, for example 94771234567.", html, StringComparison.Ordinal);
        Assert.Contains("<p role=\"alert\" class=\"error\" id=\"mobile-error\">That doesn&#39;t look like a mobile number.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SmsOtpErrorPage_ShowsTheKeysSentence()
    {
        var html = _renderer.Render("smsotpauthenticationendpoint/smsotpError", new { MessageKey = "token.expired" }, Globals, "en");

        Assert.Contains("<p role=\"alert\" class=\"error\">That code has expired. Ask for a new one.</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EngineErrorPageWithDetail_TranslatedTitleAndEscapedDetail()
    {
        var html = _renderer.Render("authenticationendpoint/error", new ErrorModel("error.title.refused", "authorize.refused", "The 'redirect_uri' <x>"), Globals, "es");

        Assert.Contains("<h1>Solicitud de inicio de sesión rechazada</h1>", html, StringComparison.Ordinal);
        Assert.Contains("La solicitud de inicio de sesión de la aplicación no era válida.", html, StringComparison.Ordinal);
        Assert.Contains("The &#39;redirect_uri&#39; &lt;x&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void StaticFiles_ResendScriptIsSmsOtpsAndTheStylesheetHasFocusStyles()
    {
        var script = File.ReadAllText(Path.Combine(TemplateDirectory.PluginEndpoints("Pickup.Plugins.SmsOtp"), "static", "resend.js"));
        var css = File.ReadAllText(Path.Combine(TemplateDirectory.InstalledEndpoints, "static", "pickup.css"));

        Assert.Contains("getElementById(\"resend-wait\")", script, StringComparison.Ordinal);
        Assert.Contains("button.disabled = true", script, StringComparison.Ordinal);
        Assert.Contains(":focus-visible", css, StringComparison.Ordinal);
        Assert.Contains("min-height: 3rem", css, StringComparison.Ordinal);
    }

    private static SmsOtpModel SmsOtp() => new("******8888", true, 0, null, null, 6, true, false);

    private static string CodeField(string html) => Regex.Match(html, "<input [^>]*name=\"OTPcode\"[^>]*>").Value;

    [GeneratedRegex("<form\\b.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormElement();

    [GeneratedRegex("<input (?![^>]*type=\"hidden\")[^>]*>")]
    private static partial Regex VisibleInput();

    // The page models of the contract, as the plugins and the engine send them.
    private sealed record LoginModel(string? ErrorKey, string? LoginHint = null);

    private sealed record ErrorModel(string TitleKey, string MessageKey, string? Detail);

    private sealed record MobileModel(string? ErrorKey, string? DefaultRegion);

    private sealed record SmsOtpModel(
        string? MaskedNumber,
        bool ResendEnabled,
        int ResendWaitSeconds,
        string? ErrorKey,
        string? NoticeKey,
        int CodeLength,
        bool Numeric,
        bool BackupCodeEnabled);
}
