using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Users;
using Pickup.Core.Auditing;
using Pickup.Data.Users;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Flows;

/// <summary>The scenario's "Try it out", over OpenID Connect: password, then the code Nexmo delivered.</summary>
public sealed class ScenarioLoginTests : ScenarioTest
{
    [Fact]
    public async Task Login_PasswordThenSmsCode_IssuesTokensWhoseSubjectIsTheMobileNumber()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);

        var login = await OpenLoginPageAsync(browser, client);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("/authenticationendpoint/login", login.RequestMessage!.RequestUri!.AbsolutePath);

        var otpPage = await browser.FollowWithinAsync(await browser.SubmitAsync(login, new Dictionary<string, string>
        {
            ["username"] = "alex",
            ["password"] = "alex-password",
        }));
        Assert.Equal("/smsotpauthenticationendpoint/smsotp", otpPage.RequestMessage!.RequestUri!.AbsolutePath);

        var sms = await Vonage.WaitForMessageAsync("94778888888", TimeSpan.FromSeconds(10));
        Assert.Equal("NEXMO", sms.From);
        var code = Vonage.LatestCode("94778888888");
        Assert.Matches("^[0-9]{6}$", code);

        var toApp = await browser.FollowWithinAsync(await browser.SubmitAsync(otpPage, new Dictionary<string, string> { ["OTPcode"] = code }));
        var tokens = await client.RedeemAsync(client.CodeFrom(toApp));

        var idToken = OidcTestClient.Payload(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal("94778888888", idToken.GetProperty("sub").GetString());
        Assert.Equal(Engine.BaseUrl.ToString(), idToken.GetProperty("iss").GetString());
        Assert.Equal(client.Nonce, idToken.GetProperty("nonce").GetString());
        Assert.Equal("94778888888", idToken.GetProperty("phone_number").GetString());
        var methods = idToken.GetProperty("amr").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["pwd", "sms", "mfa"], methods);

        using var userInfoRequest = new HttpRequestMessage(HttpMethod.Get, "/oauth2/userinfo");
        userInfoRequest.Headers.Authorization = new("Bearer", tokens.GetProperty("access_token").GetString());
        using var userInfo = await browser.Client.SendAsync(userInfoRequest);
        Assert.Equal(HttpStatusCode.OK, userInfo.StatusCode);
        var claims = JsonDocument.Parse(await userInfo.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("94778888888", claims.GetProperty("sub").GetString());
        Assert.Equal("94778888888", claims.GetProperty("phone_number").GetString());

        var refreshed = await client.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        Assert.False(string.IsNullOrEmpty(refreshed.GetProperty("access_token").GetString()));

        // The right secret has been checked (and remembered) twice now; a wrong one is still refused.
        var impostor = new OidcTestClient(browser, Home.CallbackUrl, TestHome.ClientId, TestHome.ClientSecret + "x");
        var (status, body) = await impostor.TryRefreshAsync(refreshed.GetProperty("refresh_token").GetString()!);
        Assert.True(status is 400 or 401, $"a wrong client secret got {status}: {body}");
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Login_DriverTurnedSmsOtpOffAndItIsOptional_TokenClaimsThePasswordOnlyAndNoCodeIsAudited()
    {
        await using (var scope = Engine.App.Services.CreateAsyncScope())
        {
            var alex = await scope.ServiceProvider.GetRequiredService<UserAdministration>().FindAsync("alex", CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<IUserDirectory>().SetClaimAsync(alex!.Id, "http://wso2.org/claims/identity/smsotp_disabled", "true", CancellationToken.None);
        }

        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var toApp = await SignInAsync(browser, client);
        var tokens = await client.RedeemAsync(client.CodeFrom(toApp));

        // The step was passed without a code: amr must not claim an SMS factor, nor mfa.
        var idToken = OidcTestClient.Payload(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(["pwd"], idToken.GetProperty("amr").EnumerateArray().Select(e => e.GetString()).ToList());
        var audit = Engine.App.Services.GetRequiredService<IAuditLog>();
        Assert.Empty(await audit.TailAsync(50, "code.verified", CancellationToken.None));
        Assert.Equal("basic", Assert.Single(await audit.TailAsync(50, AuditEventTypes.LoginSucceeded, CancellationToken.None)).Detail);
    }

    [Fact]
    public async Task Login_CodeNeverAppearsInTheEnginesOwnStateOrLog()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var otpPage = await SignInAsync(browser, client);
        var code = await ReceivedCodeAsync();

        var html = await otpPage.Content.ReadAsStringAsync();
        Assert.DoesNotContain(code, html, StringComparison.Ordinal);
        Assert.DoesNotContain(code, otpPage.RequestMessage!.RequestUri!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WrongCodeWithRetryEnabled_ShowsTheReasonAndTheSameCodeStillWorks()
    {
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var otpPage = await SignInAsync(browser, client);
        var code = await ReceivedCodeAsync();
        var wrong = code == "000000" ? "111111" : "000000";

        var retry = await browser.SubmitAsync(otpPage, new Dictionary<string, string> { ["OTPcode"] = wrong });
        Assert.Equal(HttpStatusCode.SeeOther, retry.StatusCode);
        Assert.Contains("authFailureMsg=code.mismatch", retry.Headers.Location!.ToString(), StringComparison.Ordinal);
        var retryPage = await browser.FollowAsync(retry);
        Assert.Contains("role=\"alert\"", await retryPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var toApp = await browser.FollowWithinAsync(await browser.SubmitAsync(retryPage, new Dictionary<string, string> { ["OTPcode"] = code }));
        Assert.False(string.IsNullOrEmpty(client.CodeFrom(toApp)));
    }

    [Fact]
    public async Task Login_WrongPasswordUnknownUserAndNoLoginRole_AllGetTheSameMessage()
    {
        await Engine.AddDriverAsync("visitor1", "visitor-password", mobile: null, withLoginRole: false);
        var pages = new List<string>();
        foreach (var (user, password) in new[] { ("alex", "not-his-password"), ("nobody", "whatever"), ("visitor1", "visitor-password") })
        {
            using var browser = new BrowserSession(Engine.BaseUrl);
            var client = new OidcTestClient(browser, Home.CallbackUrl);
            var login = await OpenLoginPageAsync(browser, client);
            var failed = await browser.SubmitAsync(login, new Dictionary<string, string> { ["username"] = user, ["password"] = password });
            Assert.Equal(HttpStatusCode.SeeOther, failed.StatusCode);
            Assert.Equal("/authenticationendpoint/login", failed.Headers.Location!.ToString().Split('?')[0]);
            var page = await browser.FollowAsync(failed);
            var text = await BrowserSession.TextAsync(page);
            pages.Add(text.Replace(page.RequestMessage!.RequestUri!.Query, string.Empty, StringComparison.Ordinal));
        }

        Assert.Single(pages.Distinct());
        Assert.Empty(Vonage.Messages);
    }

    [Fact]
    public async Task Login_VonageRefusesTheMessage_ShowsTheErrorPageWithASentence()
    {
        Vonage.RespondWith(FakeVonageBehavior.Reject("9", "Partner quota exceeded"));
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var login = await OpenLoginPageAsync(browser, client);
        var failed = await browser.SubmitAsync(login, new Dictionary<string, string>
        {
            ["username"] = "alex",
            ["password"] = "alex-password",
        });

        Assert.Equal(HttpStatusCode.SeeOther, failed.StatusCode);
        var location = failed.Headers.Location!.ToString();
        Assert.StartsWith("/smsotpauthenticationendpoint/smsotpError?", location, StringComparison.Ordinal);
        Assert.Contains("authFailure=true", location, StringComparison.Ordinal);
        Assert.Contains("authFailureMsg=unable.send.code", location, StringComparison.Ordinal);
        var page = await browser.FollowAsync(failed);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var text = await BrowserSession.TextAsync(page);
        Assert.Contains("couldn't send", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("unable.send.code", text, StringComparison.Ordinal);
    }
}
