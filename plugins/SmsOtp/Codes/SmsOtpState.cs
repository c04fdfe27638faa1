using System.Globalization;

namespace Pickup.Plugins.SmsOtp.Codes;

/// <summary>
/// Typed access to the step's <c>context.State</c>. The engine persists these strings with the attempt and never
/// shows them to the user; none of them is the code.
/// </summary>
internal sealed class SmsOtpState
{
    /// <summary>Where the step is: <see cref="AwaitingMobile"/>, <see cref="AwaitingCode"/> or <see cref="Done"/>.</summary>
    public const string PhaseKey = "smsotp.phase";

    /// <summary>Base64 HMAC-SHA256 of the live code.</summary>
    public const string CodeHashKey = "smsotp.codeHash";

    /// <summary>Base64 random salt (HMAC key) of the live code.</summary>
    public const string CodeSaltKey = "smsotp.codeSalt";

    /// <summary>When the live code expires: Unix time in milliseconds.</summary>
    public const string CodeExpiresAtKey = "smsotp.codeExpiresAt";

    /// <summary>Wrong tries against the live code.</summary>
    public const string CodeAttemptsKey = "smsotp.codeAttempts";

    /// <summary>When the last code was sent: Unix time in milliseconds (for the resend cool-down).</summary>
    public const string LastSentAtKey = "smsotp.lastSentAt";

    /// <summary>Resends so far in this attempt.</summary>
    public const string ResendCountKey = "smsotp.resendCount";

    /// <summary>The number (digits) the last code went to: shown on the code page (masked or not), and where a resend goes.</summary>
    public const string NumberKey = "smsotp.number";

    /// <summary>
    /// A number the driver typed on the mobile page that is written to the profile only once its code is verified;
    /// absent when nothing is to be saved.
    /// </summary>
    public const string PendingNumberKey = "smsotp.pendingNumber";

    /// <summary>"true" when the user is not in the local store and gets the code at a typed number (nothing is saved).</summary>
    public const string DirectKey = "smsotp.direct";

    /// <summary>Phase: the mobile number page was shown; only now is a posted <c>MOBILE_NUMBER</c> accepted.</summary>
    public const string AwaitingMobile = "mobile";

    /// <summary>Phase: a code was sent.</summary>
    public const string AwaitingCode = "code";

    /// <summary>Phase: the step has succeeded.</summary>
    public const string Done = "done";

    private readonly IDictionary<string, string> _state;

    public SmsOtpState(IDictionary<string, string> state)
    {
        _state = state;
    }

    public string? Phase
    {
        get => _state.TryGetValue(PhaseKey, out var value) ? value : null;
        set => Set(PhaseKey, value);
    }

    public bool HasCode => _state.ContainsKey(CodeHashKey) && _state.ContainsKey(CodeSaltKey);

    public int Attempts
    {
        get => ReadInt(CodeAttemptsKey);
        set => Set(CodeAttemptsKey, value.ToString(CultureInfo.InvariantCulture));
    }

    public int ResendCount
    {
        get => ReadInt(ResendCountKey);
        set => Set(ResendCountKey, value.ToString(CultureInfo.InvariantCulture));
    }

    public DateTimeOffset? ExpiresAt => ReadTime(CodeExpiresAtKey);

    public DateTimeOffset? LastSentAt => ReadTime(LastSentAtKey);

    public string? Number => _state.TryGetValue(NumberKey, out var value) ? value : null;

    public string? PendingNumber
    {
        get => _state.TryGetValue(PendingNumberKey, out var value) ? value : null;
        set => Set(PendingNumberKey, value);
    }

    public bool Direct
    {
        get => _state.TryGetValue(DirectKey, out var value) && value == "true";
        set => Set(DirectKey, value ? "true" : null);
    }

    /// <summary>Stores a new code's hash; the previous code, if any, is gone.</summary>
    public void StoreCode(byte[] hash, byte[] salt, DateTimeOffset expiresAt, DateTimeOffset sentAt, string number)
    {
        _state[CodeHashKey] = Convert.ToBase64String(hash);
        _state[CodeSaltKey] = Convert.ToBase64String(salt);
        _state[CodeExpiresAtKey] = ToText(expiresAt);
        _state[LastSentAtKey] = ToText(sentAt);
        _state[NumberKey] = number;
        Attempts = 0;
        Phase = AwaitingCode;
    }

    /// <summary>Reads the live code's hash and salt; false when there is none (never sent, used, expired or killed).</summary>
    public bool TryGetCode(out byte[] hash, out byte[] salt)
    {
        hash = [];
        salt = [];
        if (!_state.TryGetValue(CodeHashKey, out var hashText) || !_state.TryGetValue(CodeSaltKey, out var saltText))
        {
            return false;
        }

        try
        {
            hash = Convert.FromBase64String(hashText);
            salt = Convert.FromBase64String(saltText);
            return true;
        }
        catch (FormatException)
        {
            // A damaged entry is treated as no code: the driver asks for a new one.
            return false;
        }
    }

    /// <summary>Kills the live code: it can never be accepted again.</summary>
    public void ClearCode()
    {
        _state.Remove(CodeHashKey);
        _state.Remove(CodeSaltKey);
        _state.Remove(CodeExpiresAtKey);
        _state.Remove(CodeAttemptsKey);
    }

    private int ReadInt(string key) =>
        _state.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : 0;

    private DateTimeOffset? ReadTime(string key) =>
        _state.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    private static string ToText(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private void Set(string key, string? value)
    {
        if (value is null)
        {
            _state.Remove(key);
        }
        else
        {
            _state[key] = value;
        }
    }
}
