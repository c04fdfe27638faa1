using System.Net;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;
using Pickup.Testing;

namespace Pickup.IntegrationTests.TrustStore;

/// <summary>The reference's certificate step, end to end: a provider whose certificate is not trusted, then imported.</summary>
public sealed class UntrustedProviderLoginTests
{
    [Fact]
    public async Task Login_ProviderWithUntrustedCertificate_EndsOnTheErrorPage_AndWorksAfterImportAtNextStart()
    {
        using var certificate = TestCertificates.CreateSelfSigned("fake-vonage.test");
        await using var vonage = await FakeVonageServer.StartAsync(certificate: certificate);
        using var home = new TestHome(vonage.SmsUrl());
        Assert.StartsWith("https://", vonage.SmsUrl(), StringComparison.Ordinal);

        await using (var engine = await EngineServer.StartAsync(home))
        {
            await engine.AddDriverAsync();
            using var browser = new BrowserSession(engine.BaseUrl);
            var failed = await ScenarioTest.SignInAsync(browser, new OidcTestClient(browser, home.CallbackUrl));

            Assert.Equal("/smsotpauthenticationendpoint/smsotpError", failed.RequestMessage!.RequestUri!.AbsolutePath);
            Assert.Contains("authFailureMsg=sms.provider.untrusted", failed.RequestMessage.RequestUri.Query, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
            Assert.DoesNotContain("sms.provider.untrusted", await BrowserSession.TextAsync(failed), StringComparison.Ordinal);
            Assert.Empty(vonage.Requests);
        }

        var pem = Path.Combine(home.Directory, "vonage.pem");
        await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem());
        var import = await PickupCli.RunAsync(null, "truststore", "import", "--file", pem, "--alias", "Nexmo", "--home", home.Directory);
        Assert.True(import.ExitCode == 0, import.Stderr);

        await using (var engine = await EngineServer.StartAsync(home))
        {
            using var browser = new BrowserSession(engine.BaseUrl);
            var client = new OidcTestClient(browser, home.CallbackUrl);
            var codePage = await ScenarioTest.SignInAsync(browser, client);
            Assert.Equal("/smsotpauthenticationendpoint/smsotp", codePage.RequestMessage!.RequestUri!.AbsolutePath);
            await vonage.WaitForMessageAsync(ScenarioTest.AlexMobile, TimeSpan.FromSeconds(10));
            var toApp = await ScenarioTest.SubmitCodeAsync(browser, codePage, vonage.LatestCode(ScenarioTest.AlexMobile));
            Assert.False(string.IsNullOrEmpty(client.CodeFrom(toApp)));
        }
    }
}
