using Pickup.Abstractions.Configuration;
using Pickup.Plugins.SmsOtp.Phones;

namespace Pickup.Plugins.SmsOtp.Configuration;

/// <summary>The <c>sms_otp</c> authenticator's settings, read once at start-up. Defaults are those of <see cref="SmsOtpParameters"/>.</summary>
public sealed record SmsOtpOptions
{
    /// <summary>The default SMS text: the code stands as a word of its own, so phones offer it for autofill.</summary>
    public const string DefaultMessageTemplate = "Your Pickup code is {{ code }}";

    /// <summary>Template of the code entry page.</summary>
    public string CodePage { get; init; } = "smsotpauthenticationendpoint/smsotp";

    /// <summary>Template of the error page.</summary>
    public string ErrorPage { get; init; } = "smsotpauthenticationendpoint/smsotpError";

    /// <summary>Template of the mobile number page.</summary>
    public string MobilePage { get; init; } = "smsotpauthenticationendpoint/mobile";

    /// <summary><see cref="SmsOtpParameters.RetryEnable"/>; default true.</summary>
    public bool RetryEnable { get; init; } = true;

    /// <summary><see cref="SmsOtpParameters.ResendEnable"/>; default true.</summary>
    public bool ResendEnable { get; init; } = true;

    /// <summary><see cref="SmsOtpParameters.BackupCode"/>; default false.</summary>
    public bool BackupCode { get; init; }

    /// <summary><see cref="SmsOtpParameters.EnableByUserClaim"/>; default false.</summary>
    public bool EnableByUserClaim { get; init; }

    /// <summary><see cref="SmsOtpParameters.Mandatory"/>; default false.</summary>
    public bool Mandatory { get; init; }

    /// <summary><see cref="SmsOtpParameters.CaptureAndUpdateMobileNumber"/>; default false.</summary>
    public bool CaptureAndUpdateMobileNumber { get; init; }

    /// <summary><see cref="SmsOtpParameters.SendOtpDirectlyToMobile"/>; default false.</summary>
    public bool SendOtpDirectlyToMobile { get; init; }

    /// <summary><see cref="SmsOtpParameters.RedirectToMultiOptionPageOnFailure"/>; default false.</summary>
    public bool RedirectToMultiOptionPageOnFailure { get; init; }

    /// <summary><see cref="SmsOtpParameters.TokenLength"/>; default 6.</summary>
    public int TokenLength { get; init; } = 6;

    /// <summary><see cref="SmsOtpParameters.TokenExpiryTime"/>, in seconds; default 300.</summary>
    public int TokenExpirySeconds { get; init; } = 300;

    /// <summary><see cref="SmsOtpParameters.EnableAlphanumericToken"/>; default false.</summary>
    public bool AlphanumericToken { get; init; }

    /// <summary><see cref="SmsOtpParameters.MaximumResendAttempts"/>; default 3.</summary>
    public int MaximumResendAttempts { get; init; } = 3;

    /// <summary><see cref="SmsOtpParameters.ResendCooldown"/>, in seconds; default 30.</summary>
    public int ResendCooldownSeconds { get; init; } = 30;

    /// <summary><see cref="SmsOtpParameters.MaxAttemptsPerCode"/>; default 5.</summary>
    public int MaxAttemptsPerCode { get; init; } = 5;

    /// <summary><see cref="SmsOtpParameters.EnableAccountLockingForFailedAttempts"/>; default true.</summary>
    public bool AccountLocking { get; init; } = true;

    /// <summary><see cref="SmsOtpParameters.MaskMobileNumber"/>; default true.</summary>
    public bool MaskMobileNumber { get; init; } = true;

    /// <summary><see cref="SmsOtpParameters.SmsMessageTemplate"/>, parsed; default <see cref="DefaultMessageTemplate"/>.</summary>
    public MessageTemplate Message { get; init; } = MessageTemplate.Default;

    /// <summary><see cref="SmsOtpParameters.DefaultRegion"/>, upper case; default "" (numbers carry their country code).</summary>
    public string DefaultRegion { get; init; } = string.Empty;

    /// <summary>Reads the parameters table, recording every problem (wrong type, out of range, unknown key, bad page or template) in it.</summary>
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
            AlphanumericToken = parameters.GetBoolean(SmsOtpParameters.EnableAlphanumericToken, defaults.AlphanumericToken),
            MaximumResendAttempts = parameters.GetInt32(SmsOtpParameters.MaximumResendAttempts, defaults.MaximumResendAttempts, 0, 10),
            ResendCooldownSeconds = parameters.GetInt32(SmsOtpParameters.ResendCooldown, defaults.ResendCooldownSeconds, 0, 600),
            MaxAttemptsPerCode = parameters.GetInt32(SmsOtpParameters.MaxAttemptsPerCode, defaults.MaxAttemptsPerCode, 1, 10),
            AccountLocking = parameters.GetBoolean(SmsOtpParameters.EnableAccountLockingForFailedAttempts, defaults.AccountLocking),
            MaskMobileNumber = parameters.GetBoolean(SmsOtpParameters.MaskMobileNumber, defaults.MaskMobileNumber),
            DefaultRegion = ReadRegion(parameters),
        };
        options = options with { Message = ReadMessageTemplate(parameters, options) };
        parameters.RejectUnknownKeys(SmsOtpParameters.All);
        return options;
    }

    private static string ReadRegion(PluginParameters parameters)
    {
        var value = parameters.GetString(SmsOtpParameters.DefaultRegion, string.Empty).Trim();
        if (value.Length == 0)
        {
            return string.Empty;
        }

        var region = value.ToUpperInvariant();
        if (!MobileNumbers.IsSupportedRegion(region))
        {
            parameters.AddError(
                SmsOtpParameters.DefaultRegion,
                $"'{SmsOtpParameters.DefaultRegion}' must be a two-letter ISO 3166 country code such as \"LK\", or \"\" to require the country code, not \"{value}\"");
            return string.Empty;
        }

        return region;
    }

    private static MessageTemplate ReadMessageTemplate(PluginParameters parameters, SmsOtpOptions options)
    {
        if (!parameters.TryGetValue(SmsOtpParameters.SmsMessageTemplate, out _))
        {
            return MessageTemplate.Default;
        }

        var text = parameters.GetString(SmsOtpParameters.SmsMessageTemplate, DefaultMessageTemplate);
        var template = MessageTemplate.TryCreate(text, options.TokenLength, options.AlphanumericToken, out var problem);
        if (template is null)
        {
            parameters.AddError(SmsOtpParameters.SmsMessageTemplate, $"'{SmsOtpParameters.SmsMessageTemplate}' {problem}");
            return MessageTemplate.Default;
        }

        return template;
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
