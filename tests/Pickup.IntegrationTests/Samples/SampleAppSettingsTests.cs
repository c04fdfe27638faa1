using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Pickup.Samples.PickupDispatch;

namespace Pickup.IntegrationTests.Samples;

/// <summary>The sample's <c>App</c> settings (how it runs as a second client): an unusable value stops it, naming the setting.</summary>
public sealed class SampleAppSettingsTests
{
    [Theory]
    [InlineData("App:PathBase", "fleet-reports")]
    [InlineData("App:PathBase", "/fleet-reports/")]
    [InlineData("App:PathBase", "/")]
    [InlineData("App:PathBase", "/fleet reports")]
    [InlineData("App:PathBase", "/a//b")]
    [InlineData("App:DisplayName", " ")]
    [InlineData("App:CookieName", "Fleet;Reports")]
    public void Build_UnusableAppSetting_StopsWithTheSettingsName(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => PickupDispatchApp.Build([], builder => builder.Configuration[key] = value));

        Assert.StartsWith(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_AnotherPathBase_ServesThePagesThere()
    {
        var data = Path.Combine(Path.GetTempPath(), "pickup-sample-it-" + Guid.NewGuid().ToString("N")[..12]);
        var port = Infrastructure.TestInstallation.FreePort();
        await using var app = PickupDispatchApp.Build([], builder =>
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Configuration["App:PathBase"] = "/fleet-reports";
            builder.Configuration["App:DisplayName"] = "Fleet Reports";
            builder.Configuration["Bookings:Database"] = Path.Combine(data, "bookings.db");
        });
        await app.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var home = await http.GetStringAsync($"http://127.0.0.1:{port}/fleet-reports/");
        using var root = await http.GetAsync($"http://127.0.0.1:{port}/");
        using var other = await http.GetAsync($"http://127.0.0.1:{port}/pickup-dispatch/");

        Assert.Contains("<h1>Fleet Reports</h1>", home, StringComparison.Ordinal);
        Assert.Equal("/fleet-reports/", root.Headers.Location?.ToString());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, other.StatusCode);
        await app.StopAsync();
    }
}
