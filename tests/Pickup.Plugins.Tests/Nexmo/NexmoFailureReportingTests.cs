using Pickup.FakeVonage;
using Pickup.Sms.Contracts;
using Pickup.Testing;

namespace Pickup.Plugins.Tests.Nexmo;

/// <summary>Vonage's status table mapped to what an admin can do and what the driver is told; details masked.</summary>
public sealed class NexmoFailureReportingTests : IAsyncLifetime, IDisposable
{
    private const string Secret = "api-Secret-42";
    private static readonly SmsMessage Message = new("94778888888", "Your Pickup code is 482913", "482913");

    private readonly NexmoTestHost _host = new();
    private FakeVonageServer _vonage = null!;

    public async Task InitializeAsync() => _vonage = await FakeVonageServer.StartAsync();

    public async Task DisposeAsync() => await _vonage.DisposeAsync();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("1", "Throttled", SmsFailureReason.Rejected, "throughput limit")]
    [InlineData("2", "Missing Parameters", SmsFailureReason.Misconfigured, "lacks one of")]
    [InlineData("3", "Invalid Parameters", SmsFailureReason.Rejected, "mobile number")]
    [InlineData("4", "Invalid Credentials", SmsFailureReason.Misconfigured, "api_key or api_secret")]
    [InlineData("5", "Internal Error", SmsFailureReason.Unreachable, "contact Vonage support")]
    [InlineData("6", "Invalid Message", SmsFailureReason.Rejected, "number prefix")]
    [InlineData("7", "Number Barred", SmsFailureReason.Rejected, "barred")]
    [InlineData("8", "Partner Account Barred", SmsFailureReason.Misconfigured, "suspended")]
    [InlineData("9", "Partner Quota Violation", SmsFailureReason.Misconfigured, "top it up")]
    [InlineData("10", "Too Many Existing Binds", SmsFailureReason.Rejected, "back off")]
    [InlineData("11", "Account Not Enabled For HTTP", SmsFailureReason.Misconfigured, "not provisioned")]
    [InlineData("12", "Message Too Long", SmsFailureReason.Misconfigured, "message template")]
    [InlineData("13", "Communication Failed", SmsFailureReason.Unreachable, "try again later")]
    [InlineData("14", "Invalid Signature", SmsFailureReason.Misconfigured, "signature")]
    [InlineData("15", "Invalid Sender Address", SmsFailureReason.Misconfigured, "sender id")]
    [InlineData("19", "Facility Not Allowed", SmsFailureReason.Misconfigured, "not enabled")]
    [InlineData("20", "Invalid Message Class", SmsFailureReason.Misconfigured, "message-class")]
    [InlineData("23", "Bad Callback :: Missing Protocol", SmsFailureReason.Misconfigured, "https://")]
    [InlineData("29", "Non-Whitelisted Destination", SmsFailureReason.Misconfigured, "pre-approved")]
    [InlineData("99", "Unknown status", SmsFailureReason.Rejected, "error table")]
    public async Task SendAsync_VonageStatus_MapsToReasonAndLogsTheAdminAction(string status, string meaning, SmsFailureReason reason, string action)
    {
        _vonage.RespondWith(FakeVonageBehavior.Reject(status, $"provider text with {Secret}"));

        var result = await _host.Sender.SendAsync(Message, TestParameters.From(("sms_url", _vonage.SmsUrl("key", Secret))), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(reason, result.Reason);
        var log = Assert.Single(_host.Logs.Lines, l => l.Contains("Warning", StringComparison.Ordinal));
        Assert.Contains($"status {status} {meaning} (provider text with ***)", log, StringComparison.Ordinal);
        Assert.Contains(action, log, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, _host.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_DetailedErrorInfoOff_ResultCarriesOnlyTheCategory()
    {
        _vonage.RespondWith(FakeVonageBehavior.Reject("9", "Partner quota exceeded"));

        var result = await _host.Sender.SendAsync(Message, TestParameters.From(("sms_url", _vonage.SmsUrl("key", Secret))), CancellationToken.None);

        Assert.Equal("the SMS provider refused the engine's account or settings", result.FailureDetail);
        Assert.Contains("Partner quota exceeded", _host.Logs.AllText, StringComparison.Ordinal); // the admin still sees it
    }

    [Fact]
    public async Task SendAsync_DetailedErrorInfoOn_ResultCarriesMaskedStatusAndText()
    {
        _vonage.RespondWith(FakeVonageBehavior.Reject("3", $"Bad value {Secret} for {Message.Code} in '{Message.Text}'"));
        var properties = TestParameters.From(("sms_url", _vonage.SmsUrl("key", Secret)), ("show_detailed_error_info", true));

        var result = await _host.Sender.SendAsync(Message, properties, CancellationToken.None);

        Assert.NotNull(result.FailureDetail);
        Assert.Contains("status 3 Invalid Parameters (Bad value *** for *** in '***')", result.FailureDetail, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.FailureDetail, StringComparison.Ordinal);
        Assert.DoesNotContain(Message.Code, result.FailureDetail, StringComparison.Ordinal);
        Assert.DoesNotContain("api_secret", result.FailureDetail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, SmsFailureReason.Misconfigured)]
    [InlineData(404, SmsFailureReason.Misconfigured)]
    [InlineData(429, SmsFailureReason.Rejected)]
    [InlineData(502, SmsFailureReason.Unreachable)]
    public async Task SendAsync_HttpErrorStatus_MapsToReason(int status, SmsFailureReason reason)
    {
        _vonage.RespondWith(FakeVonageBehavior.HttpError(status));

        var result = await _host.Sender.SendAsync(Message, TestParameters.From(("sms_url", _vonage.SmsUrl())), CancellationToken.None);

        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public async Task SendAsync_ProviderCertificateUntrusted_FailsUntrustedWithoutSending()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        await using var https = await FakeVonageServer.StartAsync(certificate: certificate);

        var result = await _host.Sender.SendAsync(Message, TestParameters.From(("sms_url", https.SmsUrl())), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(SmsFailureReason.Untrusted, result.Reason);
        Assert.Equal("the SMS provider's TLS certificate is not trusted", result.FailureDetail);
        Assert.Empty(https.Requests);
    }
}
