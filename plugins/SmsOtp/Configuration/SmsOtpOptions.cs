using Pickup.Abstractions.Configuration;

namespace Pickup.Plugins.SmsOtp.Configuration;

/// <summary>The <c>sms_otp</c> authenticator's settings, read once at start-up. Defaults are those of <see cref="SmsOtpParameters"/>.</summary>
public sealed record SmsOtpOptions
{
    /// <summary>Template of the code entry page.</summary>
    public string CodePage { get; init; } = "smsotpauthenticationendpoint/smsotp";

    /// <summary>Template of the error page.</summary>
    public string ErrorPage { get; init; } = "smsotpauthenticationendpoint/smsotpError";

    /// <summary>Template of the mobile number capture page.</summary>
    public string MobilePage { get; init; } = "smsotpauthenticationendpoint/mobile";

    /// <summary><see cref="SmsOtpParameters.RetryEnable"/>.</summary>
    public bool RetryEnable { get; init; } = true;

    /// <summary><see cref="SmsOtpParameters.ResendEnable"/>.</summary>
    public bool ResendEnable { get; init; } = true;

    /// <summary><see cref="SmsOtpParameters.BackupCode"/>.</summary>
    public bool BackupCode { get; init; }

    /// <summary><see cref="SmsOtpParameters.EnableByUserClaim"/>.</summary>
    public bool EnableByUserClaim { get; init; }

    /// <summary><see cref="SmsOtpParameters.Mandatory"/>.</summary>
    public bool Mandatory { get; init; }

    /// <summary><see cref="SmsOtpParameters.CaptureAndUpdateMobileNumber"/>.</summary>
    public bool CaptureAndUpdateMobileNumber { get; init; }

    /// <summary><see cref="SmsOtpParameters.SendOtpDirectlyToMobile"/>.</summary>
    public bool SendOtpDirectlyToMobile { get; init; }

    /// <summary><see cref="SmsOtpParameters.RedirectToMultiOptionPageOnFailure"/>.</summary>
    public bool RedirectToMultiOptionPageOnFailure { get; init; }

    /// <summary><see cref="SmsOtpParameters.TokenLength"/>.</summary>
    public int TokenLength { get; init; } = 6;

    /// <summary><see cref="SmsOtpParameters.TokenExpiryTime"/>, in seconds.</summary>
    public int TokenExpirySeconds { get; init; } = 300;

    /// <summary><see cref="SmsOtpParameters.MaxAttemptsPerCode"/>.</summary>
    public int MaxAttemptsPerCode { get; init; } = 3;

    /// <summary><see cref="SmsOtpParameters.ResendCooldownSeconds"/>.</summary>
    public int ResendCooldownSeconds { get; init; } = 30;

    /// <summary><see cref="SmsOtpParameters.MaxResends"/>.</summary>
    public int MaxResends { get; init; } = 3;

    /// <summary>Reads the parameters table, recording every problem (wrong type, out of range, unknown key, bad page) in it.</summary>
    public static SmsOtpOptions Read(PluginParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var defaults = new SmsOtpOptions();
        var options = new SmsOtpOptions
        {
            CodePage = ReadPage(parameters, SmsOtpParameters.CodePage, defaults.CodePage),
            ErrorPage = ReadPage(parameters, SmsOtpParameters.ErrorPage, defaults.ErrorPage),
            MobilePage = ReadPage(parameters, SmsOtpParameters.MobilePage, defaults.MobilePage),
            RetryEnable = parameters.GetBoolean(SmsOtpParameters.RetryEnable, defaults.RetryEnable),
            ResendEnable = parameters.GetBoolean(SmsOtpParameters.ResendEnable, defaults.ResendEnable),
            BackupCode = parameters.GetBoolean(SmsOtpParameters.BackupCode, defaults.BackupCode),
            EnableByUserClaim = parameters.GetBoolean(SmsOtpParameters.EnableByUserClaim, defaults.EnableByUserClaim),
            Mandatory = parameters.GetBoolean(SmsOtpParameters.Mandatory, defaults.Mandatory),
            CaptureAndUpdateMobileNumber = parameters.GetBoolean(SmsOtpParameters.CaptureAndUpdateMobileNumber, defaults.CaptureAndUpdateMobileNumber),
            SendOtpDirectlyToMobile = parameters.GetBoolean(SmsOtpParameters.SendOtpDirectlyToMobile, defaults.SendOtpDirectlyToMobile),
            RedirectToMultiOptionPageOnFailure = parameters.GetBoolean(SmsOtpParameters.RedirectToMultiOptionPageOnFailure, defaults.RedirectToMultiOptionPageOnFailure),
            TokenLength = parameters.GetInt32(SmsOtpParameters.TokenLength, defaults.TokenLength, 4, 10),
            TokenExpirySeconds = parameters.GetInt32(SmsOtpParameters.TokenExpiryTime, defaults.TokenExpirySeconds, 30, 3600),
            MaxAttemptsPerCode = parameters.GetInt32(SmsOtpParameters.MaxAttemptsPerCode, defaults.MaxAttemptsPerCode, 1, 10),
            ResendCooldownSeconds = parameters.GetInt32(SmsOtpParameters.ResendCooldownSeconds, defaults.ResendCooldownSeconds, 0, 600),
            MaxResends = parameters.GetInt32(SmsOtpParameters.MaxResends, defaults.MaxResends, 0, 10),
        };
        parameters.RejectUnknownKeys(SmsOtpParameters.All);
        return options;
    }

    private static string ReadPage(PluginParameters parameters, string key, string defaultTemplate)
    {
        if (!parameters.TryGetValue(key, out _))
        {
            return defaultTemplate;
        }

        var value = parameters.GetString(key, string.Empty);
        if (value.Length == 0)
        {
            // GetString has already reported a value that is not a string; an empty string still needs a word.
            if (parameters.TryGetValue(key, out var raw) && raw.Value is string)
            {
                parameters.AddError(key, $"'{key}' must name a page, like 'smsotpauthenticationendpoint/smsotp.jsp'");
            }

            return defaultTemplate;
        }

        var template = PageTemplate.FromSetting(value);
        if (template is null)
        {
            parameters.AddError(key, $"'{key}' must name a page under endpoints/, like 'smsotpauthenticationendpoint/smsotp.jsp', not '{value}'");
            return defaultTemplate;
        }

        return template;
    }
}
