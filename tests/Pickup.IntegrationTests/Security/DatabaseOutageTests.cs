using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Pickup.Data.Users;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Security;

/// <summary>The database goes away in the middle of a login: a clear page, and no half-written change.</summary>
public sealed class DatabaseOutageTests : ScenarioTest
{
    private static readonly string[] DatabaseFiles = ["pickup.db", "pickup.db-wal", "pickup.db-shm"];

    [Fact]
    public async Task DatabaseGoneWhileTheCodeIsChecked_Shows503_SavesNoUnverifiedNumber_AndTheLoginWorksOnceItIsBack()
    {
        await Engine.AddDriverAsync("nimal", "nimal-password", mobile: null);
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var login = await OpenLoginPageAsync(browser, client);
        var mobilePage = await browser.FollowWithinAsync(await browser.SubmitAsync(login, new Dictionary<string, string>
        {
            ["username"] = "nimal",
            ["password"] = "nimal-password",
        }));
        Assert.Equal("/smsotpauthenticationendpoint/mobile", mobilePage.RequestMessage!.RequestUri!.AbsolutePath);
        var codePage = await browser.FollowWithinAsync(await browser.SubmitAsync(mobilePage, new Dictionary<string, string> { ["MOBILE_NUMBER"] = "94771234567" }));
        await Vonage.WaitForMessageAsync("94771234567", TimeSpan.FromSeconds(10));
        var code = Vonage.LatestCode("94771234567");

        TakeDatabaseAway();
        try
        {
            using var refused = await browser.SubmitAsync(codePage, new Dictionary<string, string> { ["OTPcode"] = code });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            var text = await BrowserSession.TextAsync(refused);
            Assert.Contains("Nothing was changed", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        }
        finally
        {
            BringDatabaseBack();
        }

        Assert.Null(await MobileOfAsync("nimal"));
        var toApp = await SubmitCodeAsync(browser, codePage, code);
        Assert.False(string.IsNullOrEmpty(client.CodeFrom(toApp)));
        Assert.Equal("94771234567", await MobileOfAsync("nimal"));
    }

    private void TakeDatabaseAway()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in DatabaseFiles.Select(f => Home.FilePath("data/" + f)).Where(File.Exists))
        {
            File.Move(file, file + ".away");
        }
    }

    private void BringDatabaseBack()
    {
        SqliteConnection.ClearAllPools();
        foreach (var name in DatabaseFiles)
        {
            var file = Home.FilePath("data/" + name);
            File.Delete(file);
            if (File.Exists(file + ".away"))
            {
                File.Move(file + ".away", file);
            }
        }
    }

    private async Task<string?> MobileOfAsync(string username)
    {
        await using var scope = Engine.App.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserAdministration>().FindAsync(username, CancellationToken.None);
        return user!.Claims.GetValueOrDefault("http://wso2.org/claims/mobile");
    }
}
