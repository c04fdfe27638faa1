using static Pickup.IntegrationTests.SmsOtp.ParameterSet;

namespace Pickup.IntegrationTests.SmsOtp;

/// <summary>
/// The table: every parameter, each value, against every user situation. Each set changes the reference block in
/// one respect (or two that only act together); its expectations say what the SMS step does first in each situation,
/// and its probes check what the parameter changes after that.
/// </summary>
internal static class ParameterTable
{
    private const string Locked = "error:user.account.locked";
    private const string NotFound = "error:user.not.found";

    public static IReadOnlyList<ParameterSet> Sets { get; } =
    [
        new("reference block", Set(), Expect("code", "mobile", "skip", Locked, NotFound))
        {
            Probes = Probes((Situation.HasMobile, Probe.ReferenceCodeJourneyAsync), (Situation.NoMobile, Probe.CaptureSavesOnlyAfterVerificationAsync)),
        },
        new(
            "pages as URL, /path and engine error page",
            Set(
                ("SMSOTPAuthenticationEndpointURL", "\"https://idp.example/smsotpauthenticationendpoint/smsotp.jsp?x=1\""),
                ("SMSOTPAuthenticationEndpointErrorPage", "\"authenticationendpoint/error.jsp\""),
                ("MobileNumberRegPage", "\"/smsotpauthenticationendpoint/mobile\"")),
            Expect("code", "mobile", "skip", Locked, NotFound))
        {
            ErrorPath = "/authenticationendpoint/error",
        },
        new("RetryEnable = false", Set(("RetryEnable", "false")), Expect("code", "mobile", "skip", Locked, NotFound))
        {
            Probes = Probes((Situation.HasMobile, Probe.WrongCodeEndsAsync), (Situation.NoMobile, Probe.ExpiredCodeEndsAsync)),
        },
        new("ResendEnable = false", Set(("ResendEnable", "false")), Expect("code", "mobile", "skip", Locked, NotFound))
        {
            Probes = Probes((Situation.HasMobile, Probe.NoResendButtonAndForgedResendRefusedAsync)),
        },
        new("BackupCode = true", Set(("BackupCode", "true")), Expect("code", "mobile", "skip", Locked, NotFound))
        {
            Probes = Probes((Situation.HasMobile, Probe.BackupCodeAcceptedOnceAsync)),
        },
        new("BackupCode = false", Set(("BackupCode", "false")), Expect("code", "mobile", "skip", Locked, NotFound))
        {
            Probes = Probes((Situation.HasMobile, Probe.BackupCodeRefusedAsync)),
        },
        new("SMSOTPEnableByUserClaim = false", Set(("SMSOTPEnableByUserClaim", "false")), Expect("code", "mobile", "code", Locked, NotFound)),
        new("SMSOTPMandatory = true", Set(("SMSOTPMandatory", "true")), Expect("code", "mobile", "error:smsotp.disable", Locked, NotFound)),
        new(
            "CaptureAndUpdateMobileNumber=false",
            Set(("CaptureAndUpdateMobileNumber", "false")),
            Expect("code", "skip", "skip", Locked, NotFound)),
        new(
            "CaptureAndUpdateMobileNumber=false,Mandatory=true",
            Set(("CaptureAndUpdateMobileNumber", "false"), ("SMSOTPMandatory", "true")),
            Expect("code", "error:mobile.number.not.found", "error:smsotp.disable", Locked, NotFound)),
        new(
            "SendOTPDirectlyToMobile=true, Mandatory=false",
            Set(("SendOTPDirectlyToMobile", "true")),
            Expect("code", "mobile", "skip", Locked, NotFound)),
        new(
            "SendOTPDirectlyToMobile=true, Mandatory=true",
            Set(("SendOTPDirectlyToMobile", "true"), ("SMSOTPMandatory", "true")),
            Expect("code", "mobile", "error:smsotp.disable", Locked, "mobile"))
        {
            Probes = Probes((Situation.NotInStore, Probe.DirectNumberGetsCodeNothingSavedAsync)),
        },
        new(
            "redirectToMultiOptionPageOnFailure=true 2 options",
            Set(("redirectToMultiOptionPageOnFailure", "true")),
            Expect("code", "mobile", "skip", Locked, "options:user.not.found"),
            MultiOption: true)
        {
            Probes = Probes((Situation.HasMobile, Probe.WrongCodeBackToOptionsAsync)),
        },
        new(
            "redirectToMultiOptionPageOnFailure=false 2 options",
            Set(("redirectToMultiOptionPageOnFailure", "false")),
            Expect("code", "mobile", "skip", Locked, NotFound),
            MultiOption: true)
        {
            Probes = Probes((Situation.HasMobile, Probe.WrongCodeRetriesAsync)),
        },
        new(
            "redirectToMultiOptionPageOnFailure=true 1 option",
            Set(("redirectToMultiOptionPageOnFailure", "true")),
            Expect("code", "mobile", "skip", Locked, NotFound))
        {
            Probes = Probes((Situation.HasMobile, Probe.WrongCodeRetriesAsync)),
        },
        new("TokenLength = 4", Set(("TokenLength", "4")), Expect("code", "mobile", "skip", Locked, NotFound))
        {
            Probes = Probes((Situation.HasMobile, Probe.CodeOfConfiguredLengthWorksAsync)),
        },
        new("TokenLength = 10", Set(("TokenLength", "10")), Expect("code", "mobile", "skip", Locked, NotFound))
        {
            Probes = Probes((Situation.HasMobile, Probe.CodeOfConfiguredLengthWorksAsync)),
        },
        new("TokenExpiryTime = 60", Set(("TokenExpiryTime", "60")), Expect("code", "mobile", "skip", Locked, NotFound))
        {
            Probes = Probes((Situation.HasMobile, Probe.CodeExpiresAfterSixtySecondsAsync)),
        },
        new("EnableAlphanumericToken = true", Set(("EnableAlphanumericToken", "true")), Expect("code", "mobile", "skip", Locked, NotFound))
        {
            Probes = Probes((Situation.HasMobile, Probe.AlphanumericCodeTypedInLowerCaseAsync)),
        },
        new(
            "MaximumResendAttempts=1, ResendCooldown=0",
            Set(("MaximumResendAttempts", "1"), ("ResendCooldown", "0")),
            Expect("code", "mobile", "skip", Locked, NotFound))
        {
            Probes = Probes((Situation.HasMobile, Probe.SecondResendRefusedAsync)),
        },
        new("ResendCooldown = 0", Set(("ResendCooldown", "0")), Expect("code", "mobile", "skip", Locked, NotFound))
        {
            Probes = Probes((Situation.HasMobile, Probe.ThreeImmediateResendsThenRefusedAsync)),
        },
        new(
            "MaxAttemptsPerCode=2, no account locking",
            Set(("MaxAttemptsPerCode", "2"), ("EnableAccountLockingForFailedAttempts", "false")),
            Expect("code", "mobile", "skip", Locked, NotFound))
        {
            Probes = Probes((Situation.HasMobile, Probe.CodeDiesAfterTwoWrongTriesAsync)),
        },
        new(
            "EnableAccountLockingForFailedAttempts=false",
            Set(("EnableAccountLockingForFailedAttempts", "false")),
            Expect("code", "mobile", "skip", Locked, NotFound))
        {
            Probes = Probes((Situation.HasMobile, Probe.WrongCodesNotCountedAsync)),
        },
        new(
            "EnableAccountLockingForFailedAttempts=true",
            Set(("EnableAccountLockingForFailedAttempts", "true")),
            Expect("code", "mobile", "skip", Locked, NotFound))
        {
            Probes = Probes((Situation.HasMobile, Probe.FiveWrongCodesLockTheAccountAsync)),
        },
        new("MaskMobileNumber = false", Set(("MaskMobileNumber", "false")), Expect("code", "mobile", "skip", Locked, NotFound))
        {
            Probes = Probes((Situation.HasMobile, Probe.PageShowsWholeNumberAsync)),
        },
        new(
            "SmsMessageTemplate with app and minutes",
            Set(("SmsMessageTemplate", "\"{{ app }}: {{ code }} ({{ minutes }} min)\"")),
            Expect("code", "mobile", "skip", Locked, NotFound))
        {
            Probes = Probes((Situation.HasMobile, Probe.MessageFollowsTemplateAsync)),
        },
        new("DefaultRegion = LK", Set(("DefaultRegion", "\"LK\"")), Expect("code", "mobile", "skip", Locked, NotFound))
        {
            Probes = Probes((Situation.NoMobile, Probe.NationalNumberAcceptedAsync)),
        },
    ];

    /// <summary>Theory rows, grouped by set so each set's engine starts once.</summary>
    public static IEnumerable<object[]> Rows() =>
        Sets.SelectMany(set => Enum.GetValues<Situation>().Select(situation => new object[] { set.Name, situation }));

    public static ParameterSet Find(string name) => Sets.Single(s => s.Name == name);

    private static Dictionary<string, string> Set(params (string Key, string Value)[] overrides) =>
        overrides.ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);

    private static Dictionary<Situation, Func<SmsOtpJourney, Task>> Probes(params (Situation Situation, Func<SmsOtpJourney, Task> Probe)[] probes) =>
        probes.ToDictionary(p => p.Situation, p => p.Probe);
}
