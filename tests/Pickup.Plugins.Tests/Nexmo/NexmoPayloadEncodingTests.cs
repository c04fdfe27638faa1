using System.Text.Json;
using System.Xml.Linq;
using Pickup.FakeVonage;
using Pickup.Plugins.Nexmo;
using Pickup.Sms.Contracts;
using Pickup.Testing;

namespace Pickup.Plugins.Tests.Nexmo;

/// <summary>Placeholders in http_payload are encoded for the body's Content-Type, so the body stays well-formed.</summary>
public sealed class NexmoPayloadEncodingTests : IAsyncLifetime, IDisposable
{
    // Every character that breaks one of the three formats.
    private const string Hostile = "Code 482913 & <b>\"quoted\"</b> 'single' a=b+c \\ ü\nnext";

    private static readonly SmsMessage Message = new("94778888888", Hostile, "482913");

    private readonly NexmoTestHost _host = new();
    private FakeVonageServer _vonage = null!;

    public async Task InitializeAsync() => _vonage = await FakeVonageServer.StartAsync();

    public async Task DisposeAsync() => await _vonage.DisposeAsync();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task SendAsync_FormPayload_ValuesArriveIntactInTheForm()
    {
        var result = await SendAsync(null, "api_key=k&api_secret=s&from=NEXMO&to=$ctx.num&text=$ctx.msg");

        Assert.True(result.Succeeded, result.FailureDetail);
        Assert.Equal(Hostile, Assert.Single(_vonage.Messages).Text);
    }

    [Fact]
    public async Task SendAsync_JsonPayload_ValuesAreStringEscaped()
    {
        var result = await SendAsync("application/json", """{"api_key":"k","api_secret":"s","from":"NEXMO","to":"$ctx.num","text":"$ctx.msg"}""");

        Assert.True(result.Succeeded, result.FailureDetail);
        using var body = JsonDocument.Parse(Assert.Single(_vonage.Requests).Body);
        Assert.Equal(Hostile, body.RootElement.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("application/xml")]
    [InlineData("text/xml; charset=utf-8")]
    [InlineData("application/soap+xml")]
    public async Task SendAsync_XmlPayload_ValuesAreXmlEscapedInTextAndAttributes(string contentType)
    {
        await SendAsync(contentType, "<sms to=\"$ctx.num\" note='$ctx.msg'><text>$ctx.msg</text><otp>$ctx.otp</otp></sms>");

        var request = Assert.Single(_vonage.Requests);
        Assert.StartsWith(contentType.Split(';')[0], request.Headers["Content-Type"], StringComparison.Ordinal);
        var sms = XDocument.Parse(request.Body).Root!;
        Assert.Equal("94778888888", sms.Attribute("to")!.Value);
        Assert.Equal(Hostile, sms.Element("text")!.Value);
        Assert.Equal("482913", sms.Element("otp")!.Value);

        // Attribute values normalise a line break to a space; everything else must survive.
        Assert.Equal(Hostile.Replace('\n', ' '), sms.Attribute("note")!.Value);
    }

    [Fact]
    public void EscapeXml_ControlCharacterXmlCannotCarry_IsDropped()
    {
        Assert.Equal("a&amp;b&lt;&gt;&quot;&apos;c", SmsRequestFactory.EscapeXml("a&b<>\"'\u0001c"));
    }

    private Task<SmsSendResult> SendAsync(string? contentType, string payload)
    {
        var properties = contentType is null
            ? TestParameters.From(("sms_url", $"{_vonage.BaseUrl}sms/json"), ("http_payload", payload))
            : TestParameters.From(("sms_url", $"{_vonage.BaseUrl}sms/json"), ("http_headers", new[] { $"Content-Type: {contentType}" }), ("http_payload", payload));
        return _host.Sender.SendAsync(Message, properties, CancellationToken.None);
    }
}
