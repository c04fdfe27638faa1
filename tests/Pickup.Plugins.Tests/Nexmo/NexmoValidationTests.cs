using Pickup.Abstractions.Configuration;
using Pickup.Sms.Contracts;
using Pickup.Testing;

namespace Pickup.Plugins.Tests.Nexmo;

public sealed class NexmoValidationTests : IDisposable
{
    private const string GoodUrl = "https://rest.nexmo.com/sms/json?api_key=k&api_secret=top-secret-1&from=NEXMO&to=$ctx.num&text=$ctx.msg";

    private readonly NexmoTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Validate_ReferenceConfiguration_RecordsNoError()
    {
        var properties = TestParameters.From(
            ("sms_url", GoodUrl),
            ("http_method", "POST"),
            ("http_headers", new List<string>()),
            ("http_payload", ""),
            ("http_response_code", 0));

        _host.Sender.Validate(properties);

        Assert.Empty(properties.Errors);
    }

    [Theory]
    [InlineData("ftp://rest.nexmo.com/sms/json?api_secret=top-secret-1")]
    [InlineData("/sms/json?api_secret=top-secret-1")]
    [InlineData("not a url top-secret-1")]
    public void Validate_BadSmsUrl_RecordsErrorAtTheKeyWithoutTheValue(string url)
    {
        var properties = TestParameters.From(("sms_url", url));

        _host.Sender.Validate(properties);

        var error = Assert.Single(properties.Errors);
        Assert.Equal(new SourceLocation(TestParameters.File, 2, 1), error.Location);
        Assert.Contains("sms_url", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("top-secret-1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://rest.nexmo.com/sms/json?api_key=k&api_secret=top-secret-1&to=$ctx.num&text=$ctx.msg")]
    [InlineData("http://10.0.0.7:8080/sms/json?api_secret=top-secret-1")]
    [InlineData("HTTP://sms.example.com/send?api_secret=top-secret-1")]
    public void Validate_PlainHttpSmsUrlOffLoopback_IsRefusedWithoutTheValue(string url)
    {
        var properties = TestParameters.From(("sms_url", url));

        _host.Sender.Validate(properties);

        var error = Assert.Single(properties.Errors);
        Assert.Equal(new SourceLocation(TestParameters.File, 2, 1), error.Location);
        Assert.Contains("'sms_url' uses plain http://", error.Message, StringComparison.Ordinal);
        Assert.Contains("use https://", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("top-secret-1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/sms/json?api_secret=top-secret-1&to=$ctx.num&text=$ctx.msg")]
    [InlineData("http://[::1]:8080/sms/json?api_secret=top-secret-1")]
    [InlineData("http://localhost:8080/sms/json?api_secret=top-secret-1")]
    public void Validate_PlainHttpSmsUrlOnLoopback_IsAllowed(string url)
    {
        var properties = TestParameters.From(("sms_url", url));

        _host.Sender.Validate(properties);

        Assert.Empty(properties.Errors);
    }

    [Fact]
    public void Validate_MissingSmsUrl_RecordsRequiredError()
    {
        var properties = TestParameters.From();

        _host.Sender.Validate(properties);

        var error = Assert.Single(properties.Errors);
        Assert.Contains("'sms_url' is required", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("")]
    public void Validate_UnsupportedMethod_RecordsError(string method)
    {
        var properties = TestParameters.From(("sms_url", GoodUrl), ("http_method", method));

        _host.Sender.Validate(properties);

        var error = Assert.Single(properties.Errors);
        Assert.Contains("http_method", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Location.Line);
    }

    [Theory]
    [InlineData("NoColonHere", "entry 2 must look like \"Name: value\"")]
    [InlineData(": value", "entry 2 must look like \"Name: value\"")]
    [InlineData("Bad Name: value", "entry 2 has a header name that is not a valid HTTP token")]
    [InlineData("Content-Length: 12", "entry 2 header 'Content-Length' is set by the client")]
    [InlineData("X-Ok: line\r\nInjected: yes", "entry 2 header 'X-Ok' has a line break")]
    [InlineData("Content-Type: not a media type", "Content-Type that is not a media type")]
    public void Validate_MalformedHeader_RecordsErrorNamingTheEntry(string header, string expected)
    {
        var properties = TestParameters.From(("sms_url", GoodUrl), ("http_headers", new List<string> { "X-Ok: fine", header }));

        _host.Sender.Validate(properties);

        var error = Assert.Single(properties.Errors);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HeaderValueWithSecret_NeverEchoesTheValue()
    {
        var properties = TestParameters.From(("sms_url", GoodUrl), ("http_headers", new List<string> { "Bad Name: Bearer top-secret-1" }));

        _host.Sender.Validate(properties);

        Assert.DoesNotContain("top-secret-1", Assert.Single(properties.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PayloadWithGet_RecordsError()
    {
        var properties = TestParameters.From(("sms_url", GoodUrl), ("http_method", "GET"), ("http_payload", "to=$ctx.num"));

        _host.Sender.Validate(properties);

        Assert.Contains("only with POST", Assert.Single(properties.Errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http_response_code", 42)]
    [InlineData("http_response_code", 600)]
    [InlineData("connect_timeout", 0)]
    [InlineData("connect_timeout", 61)]
    [InlineData("timeout", 0)]
    [InlineData("timeout", 121)]
    public void Validate_NumberOutOfRange_RecordsError(string key, int value)
    {
        var properties = TestParameters.From(("sms_url", GoodUrl), (key, value));

        _host.Sender.Validate(properties);

        Assert.Contains(key, Assert.Single(properties.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_InvalidSettings_FailsWithoutSendingOrTouchingTheSharedTable()
    {
        var properties = TestParameters.From(("sms_url", GoodUrl), ("http_method", "PUT"));

        var result = await _host.Sender.SendAsync(new("94778888888", "Your Pickup code is 482913", "482913"), properties, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(SmsFailureReason.Misconfigured, result.Reason);
        Assert.Contains("settings are invalid", _host.Logs.AllText, StringComparison.Ordinal);
        Assert.Empty(properties.Errors);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData(1)]
    public void Validate_ShowDetailedErrorInfoNotABoolean_RecordsError(object value)
    {
        var properties = TestParameters.From(("sms_url", GoodUrl), ("show_detailed_error_info", value));

        _host.Sender.Validate(properties);

        Assert.Contains("show_detailed_error_info", Assert.Single(properties.Errors).Message, StringComparison.Ordinal);
    }
}
