namespace Pickup.IntegrationTests.SmsOtp;

/// <summary>
/// Every sms_otp parameter, each value, against every user situation, over real HTTP: the real engine and plugins,
/// a fake Vonage, the SQLite user store. See <see cref="ParameterTable"/>.
/// </summary>
public sealed class SmsOtpParameterTableTests : IClassFixture<SmsOtpEngines>
{
    private readonly SmsOtpEngines _engines;

    public SmsOtpParameterTableTests(SmsOtpEngines engines)
    {
        _engines = engines;
    }

    public static IEnumerable<object[]> Rows => ParameterTable.Rows();

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task SmsStep_ParameterSetAndUserSituation_BehavesAsTheTableSays(string parameterSet, Situation situation)
    {
        var set = ParameterTable.Find(parameterSet);
        await _engines.UseAsync(set);
        using var journey = await SmsOtpJourney.BeginAsync(_engines, set, situation);

        var first = await journey.ReachSmsStepAsync();

        var expected = set.Expected[situation];
        journey.AssertOutcome(first, expected);
        if (journey.Mobile is { } mobile)
        {
            // One code exactly when the code page is shown: nothing is sent to a user who skips, fails or is not in the store.
            Assert.Equal(expected == "code" ? 1 : 0, journey.MessagesTo(mobile).Count);
        }

        if (set.Probes.TryGetValue(situation, out var probe))
        {
            await probe(journey);
        }
    }
}
