using System.Net.Http.Json;
using System.Text.Json;
using Pickup.FakeVonage;

namespace Pickup.Plugins.Tests.Nexmo;

/// <summary>The fake must behave like Vonage, or the sender tests prove nothing.</summary>
public sealed class FakeVonageServerTests : IAsyncLifetime
{
    private readonly HttpClient _client = new();
    private FakeVonageServer _vonage = null!;

    public async Task InitializeAsync() => _vonage = await FakeVonageServer.StartAsync();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _vonage.DisposeAsync();
    }

    [Fact]
    public async Task Post_MissingApiSecret_AnswersStatus2AndDeliversNothing()
    {
        using var response = await _client.PostAsync(new Uri(_vonage.BaseUrl, "sms/json?api_key=k&from=NEXMO&to=94778888888&text=hi"), null);

        Assert.Equal(200, (int)response.StatusCode);
        var message = await FirstMessageAsync(response);
        Assert.Equal("2", message.GetProperty("status").GetString());
        Assert.Equal("Missing api_secret", message.GetProperty("error-text").GetString());
        Assert.Empty(_vonage.Messages);
        Assert.Single(_vonage.Requests);
    }

    [Fact]
    public async Task Post_JsonBody_IsReadLikeQueryParameters()
    {
        using var response = await _client.PostAsJsonAsync(
            new Uri(_vonage.BaseUrl, "sms/json"),
            new Dictionary<string, string> { ["api_key"] = "k", ["api_secret"] = "s", ["from"] = "NEXMO", ["to"] = "94778888888", ["text"] = "Code 482913" });

        Assert.Equal("0", (await FirstMessageAsync(response)).GetProperty("status").GetString());
        Assert.Equal("Code 482913", (await _vonage.WaitForMessageAsync("94778888888", TimeSpan.FromSeconds(5))).Text);
    }

    [Fact]
    public async Task WaitForMessageAsync_MessageArrivesLater_ReturnsIt()
    {
        var waiting = _vonage.WaitForMessageAsync("94778888888", TimeSpan.FromSeconds(10));
        Assert.False(waiting.IsCompleted);

        using var response = await _client.GetAsync(new Uri(_vonage.BaseUrl, "sms/json?api_key=k&api_secret=s&from=NEXMO&to=94778888888&text=Your%20code%20is%20123456"));

        Assert.Equal("123456", _vonage.LatestCode((await waiting).To));
    }

    [Fact]
    public async Task WaitForMessageAsync_NoMessage_ThrowsTimeoutAfterTheTimeout()
    {
        var started = TimeProvider.System.GetTimestamp();

        await Assert.ThrowsAsync<TimeoutException>(() => _vonage.WaitForMessageAsync("94778888888", TimeSpan.FromMilliseconds(300)));

        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task LatestCode_TextWithLongerDigitRuns_ReturnsOnlyTheSixDigitWord()
    {
        using var response = await _client.GetAsync(new Uri(_vonage.BaseUrl, "sms/json?api_key=k&api_secret=s&from=NEXMO&to=94778888888&text=Ref%201234567%3A%20code%20654321."));

        Assert.Equal("654321", _vonage.LatestCode("94778888888"));
    }

    [Fact]
    public void WithDelay_BeyondTheBound_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FakeVonageBehavior.Accept().WithDelay(TimeSpan.FromMinutes(5)));
    }

    private static async Task<JsonElement> FirstMessageAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("messages")[0].Clone();
    }
}
