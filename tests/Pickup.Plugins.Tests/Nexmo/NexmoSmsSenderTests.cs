using Pickup.Abstractions.Configuration;
using Pickup.FakeVonage;
using Pickup.Sms.Contracts;
using Pickup.Testing;

namespace Pickup.Plugins.Tests.Nexmo;

public sealed class NexmoSmsSenderTests : IAsyncLifetime, IDisposable
{
    private const string Number = "94778888888";
    private const string Code = "482913";
    private const string Secret = "s3cret-Value";

    // Characters that break a naive template: '&' and '=' split the query, '+' means space in forms, and non-ASCII.
    private static readonly string[] JsonContentType = ["Content-Type: application/json"];
    private static readonly string[] TraceAndAuthorization = ["X-Trace: abc 123", "Authorization: Bearer token-value"];

    private static readonly SmsMessage Message = new(Number, $"Your Pickup code is {Code} & a=b+c ü", Code);

    private readonly NexmoTestHost _host = new();
    private FakeVonageServer _vonage = null!;

    public async Task InitializeAsync() => _vonage = await FakeVonageServer.StartAsync();

    public async Task DisposeAsync() => await _vonage.DisposeAsync();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task SendAsync_ReferenceUrlFormWithPost_SendsNumberAndTextUrlEncodedAndSucceeds()
    {
        var result = await _host.Sender.SendAsync(Message, TestParameters.From(("sms_url", _vonage.SmsUrl("key", Secret))), CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureDetail);
        var received = Assert.Single(_vonage.Messages);
        Assert.Equal(Number, received.To);
        Assert.Equal("NEXMO", received.From);
        Assert.Equal(Message.Text, received.Text);
        Assert.Equal("POST", received.Method);
        Assert.Equal(Code, _vonage.LatestCode(Number));
    }

    [Fact]
    public async Task SendAsync_GetMethod_SendsParametersInQueryAndSucceeds()
    {
        var properties = TestParameters.From(("sms_url", _vonage.SmsUrl()), ("http_method", "GET"));

        var result = await _host.Sender.SendAsync(Message, properties, CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureDetail);
        var received = Assert.Single(_vonage.Messages);
        Assert.Equal("GET", received.Method);
        Assert.Equal(Message.Text, received.Text);
    }

    [Theory]
    [InlineData("2", "Missing to param")]
    [InlineData("4", "Bad Credentials")]
    [InlineData("9", "Partner quota exceeded")]
    public async Task SendAsync_Http200WithNonZeroVonageStatus_FailsWithStatusAndErrorText(string status, string errorText)
    {
        _vonage.RespondWith(FakeVonageBehavior.Reject(status, errorText));

        var result = await _host.Sender.SendAsync(Message, Detailed(("sms_url", _vonage.SmsUrl("key", Secret))), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains($"status {status}", result.FailureDetail, StringComparison.Ordinal);
        Assert.Contains(errorText, result.FailureDetail, StringComparison.Ordinal);
        AssertNothingSensitive(result.FailureDetail);
        AssertNothingSensitive(_host.Logs.AllText);
    }

    [Fact]
    public async Task SendAsync_WrongApiSecret_FailsWithStatus4AndNoSecretInDetail()
    {
        _vonage.RespondWith(FakeVonageBehavior.Accept().RequireCredentials("key", "the-right-secret"));

        var result = await _host.Sender.SendAsync(Message, Detailed(("sms_url", _vonage.SmsUrl("key", Secret))), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(SmsFailureReason.Misconfigured, result.Reason);
        Assert.Contains("status 4 Invalid Credentials (Bad Credentials)", result.FailureDetail, StringComparison.Ordinal);
        AssertNothingSensitive(result.FailureDetail);
        Assert.Empty(_vonage.Messages);
    }

    [Fact]
    public async Task SendAsync_ErrorTextEchoingSecretAndCode_MasksThemInDetail()
    {
        _vonage.RespondWith(FakeVonageBehavior.Reject("3", $"Invalid value {Secret} near {Code}"));

        var result = await _host.Sender.SendAsync(Message, Detailed(("sms_url", _vonage.SmsUrl("key", Secret))), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("status 3 Invalid Parameters (Invalid value *** near ***)", result.FailureDetail, StringComparison.Ordinal);
        AssertNothingSensitive(_host.Logs.AllText);
    }

    [Fact]
    public async Task SendAsync_Http500_FailsWithHttpStatus()
    {
        _vonage.RespondWith(FakeVonageBehavior.HttpError(500));

        var result = await _host.Sender.SendAsync(Message, Detailed(("sms_url", _vonage.SmsUrl("key", Secret))), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("HTTP 500", result.FailureDetail, StringComparison.Ordinal);
        AssertNothingSensitive(result.FailureDetail);
    }

    [Fact]
    public async Task SendAsync_Http200WithHtmlBody_FailsAsNotVonageJson()
    {
        _vonage.RespondWith(FakeVonageBehavior.Body("<html>captive portal</html>"));

        var result = await _host.Sender.SendAsync(Message, Detailed(("sms_url", _vonage.SmsUrl())), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("not Vonage JSON", result.FailureDetail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 200, true)]
    [InlineData(0, 202, true)]
    [InlineData(202, 202, true)]
    [InlineData(200, 202, false)]
    [InlineData(202, 200, false)]
    public async Task SendAsync_HttpResponseCodeRule_DecidesOnStatus(int expected, int answered, bool succeeds)
    {
        _vonage.RespondWith(FakeVonageBehavior.Accept() with { HttpStatusCode = answered });
        var properties = Detailed(("sms_url", _vonage.SmsUrl()), ("http_response_code", expected));

        var result = await _host.Sender.SendAsync(Message, properties, CancellationToken.None);

        Assert.Equal(succeeds, result.Succeeded);
        if (!succeeds)
        {
            Assert.Contains($"HTTP {answered}", result.FailureDetail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SendAsync_PostWithFormPayload_SendsFormEncodedBody()
    {
        var properties = TestParameters.From(
            ("sms_url", $"{_vonage.BaseUrl}sms/json"),
            ("http_payload", $"api_key=key&api_secret={Secret}&from=NEXMO&to=$ctx.num&text=$ctx.msg"));

        var result = await _host.Sender.SendAsync(Message, properties, CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureDetail);
        var received = Assert.Single(_vonage.Messages);
        Assert.Equal(Message.Text, received.Text);
        Assert.Equal(Number, received.To);
        Assert.StartsWith("application/x-www-form-urlencoded", received.Headers["Content-Type"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_PostWithJsonPayload_SendsJsonEscapedValues()
    {
        // Quotes, backslashes and line breaks must be escaped, or the body is not JSON any more.
        var message = new SmsMessage(Number, $"Code \"{Code}\" \\ next\nline", Code);
        var properties = TestParameters.From(
            ("sms_url", $"{_vonage.BaseUrl}sms/json"),
            ("http_headers", JsonContentType),
            ("http_payload", $$"""{"api_key":"key","api_secret":"{{Secret}}","from":"NEXMO","to":"$ctx.num","text":"$ctx.msg"}"""));

        var result = await _host.Sender.SendAsync(message, properties, CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureDetail);
        var received = Assert.Single(_vonage.Messages);
        Assert.Equal(message.Text, received.Text);
        Assert.Equal("application/json", received.Headers["Content-Type"]);
    }

    [Fact]
    public async Task SendAsync_ConfiguredHeaders_AreSentWithTheRequest()
    {
        var properties = TestParameters.From(
            ("sms_url", _vonage.SmsUrl()),
            ("http_headers", TraceAndAuthorization));

        var result = await _host.Sender.SendAsync(Message, properties, CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureDetail);
        var received = Assert.Single(_vonage.Messages);
        Assert.Equal("abc 123", received.Headers["X-Trace"]);
        Assert.Equal("Bearer token-value", received.Headers["Authorization"]);
    }

    [Fact]
    public async Task SendAsync_ProviderSlowerThanTimeout_FailsWithinTheTimeout()
    {
        _vonage.RespondWith(FakeVonageBehavior.Accept().WithDelay(TimeSpan.FromSeconds(3)));
        var properties = Detailed(("sms_url", _vonage.SmsUrl()), ("timeout", 1));
        var started = TimeProvider.System.GetTimestamp();

        var result = await _host.Sender.SendAsync(Message, properties, CancellationToken.None);

        var elapsed = TimeProvider.System.GetElapsedTime(started);
        Assert.False(result.Succeeded);
        Assert.Contains("within 1 s", result.FailureDetail, StringComparison.Ordinal);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task SendAsync_CallerCancels_ThrowsOperationCanceled()
    {
        _vonage.RespondWith(FakeVonageBehavior.Accept().WithDelay(TimeSpan.FromSeconds(3)));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _host.Sender.SendAsync(Message, TestParameters.From(("sms_url", _vonage.SmsUrl())), cancellation.Token));
    }

    [Fact]
    public async Task SendAsync_SuccessAndFailure_NeverLogSecretCodeOrText()
    {
        var properties = TestParameters.From(("sms_url", _vonage.SmsUrl("key", Secret)));
        await _host.Sender.SendAsync(Message, properties, CancellationToken.None);
        _vonage.RespondWith(FakeVonageBehavior.HttpError(503));
        await _host.Sender.SendAsync(Message, properties, CancellationToken.None);

        var logs = _host.Logs.AllText;
        Assert.Contains($"127.0.0.1/sms/json", logs, StringComparison.Ordinal);
        AssertNothingSensitive(logs);
    }

    private static PluginParameters Detailed(params (string Key, object Value)[] values) =>
        TestParameters.From([.. values, ("show_detailed_error_info", true)]);

    private static void AssertNothingSensitive(string? text)
    {
        Assert.NotNull(text);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Code, text, StringComparison.Ordinal);
        Assert.DoesNotContain("api_secret=", text, StringComparison.Ordinal); // the URL's parameter, not the key's name in advice
        Assert.DoesNotContain("Your Pickup code", text, StringComparison.Ordinal);
    }
}
