namespace Pickup.IntegrationTests.SmsOtp;

/// <summary>Where the driver stands when the SMS step begins.</summary>
public enum Situation
{
    /// <summary>In the store, with a mobile number.</summary>
    HasMobile,

    /// <summary>In the store, without a mobile number.</summary>
    NoMobile,

    /// <summary>In the store, with a mobile number and the claim that turns SMS OTP off.</summary>
    SmsOtpDisabled,

    /// <summary>Locked out (wrong passwords from another browser) after passing the password step.</summary>
    Locked,

    /// <summary>Deleted from the store after passing the password step.</summary>
    NotInStore,
}

/// <summary>
/// One row group of the table: parameters changed from the reference block, what the SMS step must do first in each
/// situation, and follow-up checks (probes) of the parameters' effects in some situations.
/// </summary>
/// <param name="Name">Shown in the test name.</param>
/// <param name="Overrides">Parameter key → TOML literal; replaces or adds to the reference block.</param>
/// <param name="Expected">
/// The first outcome per situation: <c>code</c> (code page, one SMS), <c>mobile</c> (mobile page), <c>skip</c> (step
/// passed, login complete, no SMS), <c>error:KEY</c> (error page) or <c>options:KEY</c> (back to the option page).
/// </param>
/// <param name="MultiOption">The SMS step offers a second option (the driver picks SMS on the option page).</param>
internal sealed record ParameterSet(
    string Name,
    IReadOnlyDictionary<string, string> Overrides,
    IReadOnlyDictionary<Situation, string> Expected,
    bool MultiOption = false)
{
    /// <summary>Checks run after the first outcome, per situation.</summary>
    public IReadOnlyDictionary<Situation, Func<SmsOtpJourney, Task>> Probes { get; init; } =
        new Dictionary<Situation, Func<SmsOtpJourney, Task>>();

    public string CodePath { get; init; } = "/smsotpauthenticationendpoint/smsotp";

    public string ErrorPath { get; init; } = "/smsotpauthenticationendpoint/smsotpError";

    public string MobilePath { get; init; } = "/smsotpauthenticationendpoint/mobile";

    /// <summary>Expectations in <see cref="Situation"/> order.</summary>
    public static IReadOnlyDictionary<Situation, string> Expect(string hasMobile, string noMobile, string disabled, string locked, string notInStore) =>
        new Dictionary<Situation, string>
        {
            [Situation.HasMobile] = hasMobile,
            [Situation.NoMobile] = noMobile,
            [Situation.SmsOtpDisabled] = disabled,
            [Situation.Locked] = locked,
            [Situation.NotInStore] = notInStore,
        };

    public override string ToString() => Name;
}
