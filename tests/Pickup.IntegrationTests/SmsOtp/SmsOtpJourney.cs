using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Pickup.Data.Users;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.SmsOtp;

/// <summary>
/// One driver's login against the running engine, over HTTP: the moves of the table and the checks on what a driver,
/// the SMS provider and the database see. Assertions use redirects, form field names, the fake Vonage's messages and
/// the user store, never page sentences (the templates translate keys).
/// </summary>
internal sealed class SmsOtpJourney : IDisposable
{
    public const string Password = "driver-password";

    private static int _drivers;
    private static int _typedNumbers;

    private readonly SmsOtpEngines _engines;
    private readonly List<KeyValuePair<string, string>> _antiforgery = [];
    private string _sessionDataKey = string.Empty;

    private SmsOtpJourney(SmsOtpEngines engines, ParameterSet set, Situation situation, string username, string? mobile)
    {
        _engines = engines;
        Set = set;
        Situation = situation;
        Username = username;
        Mobile = mobile;
        Browser = new BrowserSession(engines.Engine.BaseUrl);
        Client = new OidcTestClient(Browser, engines.Engine.Home.CallbackUrl);
    }

    public ParameterSet Set { get; }

    public SmsOtpEngines Engines => _engines;

    public Situation Situation { get; }

    public string Username { get; }

    /// <summary>The mobile number in the driver's profile at the start (null: none).</summary>
    public string? Mobile { get; }

    public BrowserSession Browser { get; }

    public OidcTestClient Client { get; }

    public FakeVonageServer Vonage => _engines.Vonage;

    public OffsetClock Clock => _engines.Clock;

    /// <summary>The last response of the engine to a form post.</summary>
    public HttpResponseMessage Last { get; private set; } = null!;

    public int TokenLength => Set.Overrides.TryGetValue("TokenLength", out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : 6;

    /// <summary>Creates the driver for <paramref name="situation"/>, signs in with the password and stops at the confirm pause.</summary>
    public static async Task<SmsOtpJourney> BeginAsync(SmsOtpEngines engines, ParameterSet set, Situation situation)
    {
        var number = Interlocked.Increment(ref _drivers);
        var username = "driver" + number.ToString(CultureInfo.InvariantCulture);
        var mobile = situation == Situation.NoMobile ? null : NumberFor(number);
        await engines.Engine.AddDriverAsync(username, Password, mobile);
        if (situation == Situation.SmsOtpDisabled)
        {
            await engines.UsersAsync(u => u.SetClaimAsync(username, "http://wso2.org/claims/identity/smsotp_disabled", "true", CancellationToken.None));
        }

        var journey = new SmsOtpJourney(engines, set, situation, username, mobile);
        await journey.SignInAsync();
        return journey;
    }

    /// <summary>A valid Sri Lankan mobile number, different for every driver.</summary>
    public static string NumberFor(int n) => "9477" + n.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>A valid number no driver has: for the mobile page.</summary>
    public static string FreshNumber() => NumberFor(5_000_000 + Interlocked.Increment(ref _typedNumbers));

    /// <summary>Arranges the situation at the pause (lock or delete), then lets the login reach the SMS step.</summary>
    public async Task<HttpResponseMessage> ReachSmsStepAsync()
    {
        if (Situation == Situation.Locked)
        {
            await LockWithWrongPasswordsAsync();
        }
        else if (Situation == Situation.NotInStore)
        {
            await _engines.UsersAsync(u => u.DeleteAsync(Username, CancellationToken.None));
        }

        var response = await PostAsync(new() { ["confirm"] = "yes" });
        if (Set.MultiOption)
        {
            AssertRedirect(response, "/authenticationendpoint/multi-option");
            response = await PostAsync(new() { ["authenticator"] = "sms_otp", ["idp"] = "SMSOTP" });
        }

        return response;
    }

    /// <summary>Posts a form of the attempt to /commonauth, as the page's form would (session key and anti-forgery field added).</summary>
    public async Task<HttpResponseMessage> PostAsync(Dictionary<string, string> fields)
    {
        var all = new List<KeyValuePair<string, string>>(_antiforgery) { new("sessionDataKey", _sessionDataKey) };
        all.AddRange(fields);
        Last = await Browser.Client.PostAsync("/commonauth", new FormUrlEncodedContent(all));

        // A completed step moves the attempt to a new key; the next page's form carries it, as a browser would see.
        if (Last.Headers.Location is not null && Query(Last).TryGetValue("sessionDataKey", out var next) && next.Length > 0)
        {
            _sessionDataKey = next;
        }

        return Last;
    }

    public Task<HttpResponseMessage> SubmitCodeAsync(string code) => PostAsync(new() { ["OTPcode"] = code });

    public Task<HttpResponseMessage> ResendAsync() => PostAsync(new() { ["OTPcode"] = string.Empty, ["resendCode"] = "true" });

    public Task<HttpResponseMessage> SubmitMobileAsync(string number) => PostAsync(new() { ["MOBILE_NUMBER"] = number });

    /// <summary>Messages the fake Vonage delivered to <paramref name="number"/>.</summary>
    public IReadOnlyList<ReceivedSms> MessagesTo(string number) => Vonage.Messages.Where(m => m.To == number).ToList();

    /// <summary>The code in the latest message to <paramref name="number"/>, read as a driver reads it: the word of the code's length.</summary>
    public string LatestCode(string number)
    {
        var messages = MessagesTo(number);
        Assert.True(messages.Count > 0, $"no SMS was delivered to {number}");
        var message = messages[^1];
        var match = Regex.Match(message.Text, $"(?<![0-9A-Za-z])[0-9A-Z]{{{TokenLength}}}(?![0-9A-Za-z])", RegexOptions.CultureInvariant);
        Assert.True(match.Success, $"no {TokenLength}-character code as a word in \"{message.Text}\"");
        return match.Value;
    }

    /// <summary>A code that is surely not <paramref name="code"/>, of the same shape.</summary>
    public static string Wrong(string code) =>
        string.Concat(code.Select(c => char.IsAsciiDigit(c) ? (char)('0' + ((c - '0' + 1) % 10)) : c == 'A' ? 'C' : 'A'));

    public Task<UserDetails?> UserAsync() => _engines.UsersAsync(u => u.FindAsync(Username, CancellationToken.None));

    /// <summary>Asserts <paramref name="response"/> is the redirect <paramref name="expected"/> describes (see <see cref="ParameterSet.Expected"/>).</summary>
    public void AssertOutcome(HttpResponseMessage response, string expected)
    {
        var (kind, key) = expected.Split(':', 2) is [var k, var v] ? (k, v) : (expected, null);
        switch (kind)
        {
            case "code":
                AssertRedirect(response, Set.CodePath);
                Assert.False(Query(response).ContainsKey("authFailure"), "the code page shows no failure");
                break;
            case "mobile":
                AssertRedirect(response, Set.MobilePath);
                break;
            case "skip":
                AssertCompleted(response);
                break;
            case "error":
                AssertRedirect(response, Set.ErrorPath, key);
                break;
            case "options":
                AssertRedirect(response, "/authenticationendpoint/multi-option", key);
                break;
            default:
                throw new ArgumentException($"unknown expectation '{expected}'", nameof(expected));
        }
    }

    /// <summary>The redirect goes to <paramref name="path"/>, with <c>authFailureMsg</c> = <paramref name="failureKey"/> when given.</summary>
    public static void AssertRedirect(HttpResponseMessage response, string path, string? failureKey = null)
    {
        Assert.True(BrowserSession.IsRedirect(response), $"expected a redirect to {path}, got {(int)response.StatusCode}");
        var location = response.Headers.Location!.ToString();
        Assert.Equal(path, location.Split('?')[0]);
        if (failureKey is not null)
        {
            var query = Query(response);
            Assert.Equal("true", query.GetValueOrDefault("authFailure"));
            Assert.Equal(failureKey, query.GetValueOrDefault("authFailureMsg"));
        }
    }

    /// <summary>Every step passed: the browser goes back to the authorization endpoint to collect its code.</summary>
    public static void AssertCompleted(HttpResponseMessage response) => AssertRedirect(response, "/oauth2/authorize");

    /// <summary>Every step passed and the app gets an authorization code.</summary>
    public async Task AssertAppGetsCodeAsync(HttpResponseMessage response)
    {
        AssertCompleted(response);
        var toApp = await Browser.FollowWithinAsync(response);
        Assert.False(string.IsNullOrEmpty(Client.CodeFrom(toApp)));
    }

    /// <summary>GETs the page <paramref name="redirect"/> leads to (the template renders it) and returns its HTML.</summary>
    public async Task<string> PageHtmlAsync(HttpResponseMessage redirect)
    {
        using var page = await Browser.FollowAsync(redirect);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return await page.Content.ReadAsStringAsync();
    }

    /// <summary>The names of the fields and buttons of the page's form that has <paramref name="field"/>.</summary>
    public static IReadOnlySet<string> FieldNames(string html, string field) =>
        BrowserSession.FindForm(html, field).QuerySelectorAll("[name]").Select(e => e.GetAttribute("name")!).ToHashSet(StringComparer.Ordinal);

    /// <summary>A new login of the same driver, from a fresh browser, stopped at the confirm pause.</summary>
    public async Task<SmsOtpJourney> AgainAsync()
    {
        var again = new SmsOtpJourney(_engines, Set, Situation.HasMobile, Username, Mobile);
        await again.SignInAsync();
        return again;
    }

    public static Dictionary<string, string> Query(HttpResponseMessage response) =>
        QueryHelpers.ParseQuery(response.Headers.Location!.ToString().Split('?', 2) is [_, var q] ? q : string.Empty)
            .ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);

    public void Dispose() => Browser.Dispose();

    private async Task SignInAsync()
    {
        using var login = await Browser.FollowWithinAsync(await Browser.GetAsync(Client.AuthorizeUrl()));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var form = BrowserSession.FindForm(await login.Content.ReadAsStringAsync(), "username");
        foreach (var input in form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>())
        {
            if (input.Name is { Length: > 0 } name && name != "sessionDataKey")
            {
                _antiforgery.Add(new(name, input.Value));
            }
        }

        _sessionDataKey = form.QuerySelector("[name='sessionDataKey']")!.GetAttribute("value")!;
        var confirm = await PostAsync(new() { ["username"] = Username, ["password"] = Password });
        AssertRedirect(confirm, "/confirmendpoint/confirm");
    }

    private async Task LockWithWrongPasswordsAsync()
    {
        for (var i = 0; i < 5; i++)
        {
            using var attacker = new BrowserSession(Browser.Client.BaseAddress!);
            var client = new OidcTestClient(attacker, _engines.Engine.Home.CallbackUrl);
            using var login = await attacker.FollowWithinAsync(await attacker.GetAsync(client.AuthorizeUrl()));
            using var refused = await attacker.SubmitAsync(login, new Dictionary<string, string> { ["username"] = Username, ["password"] = "not-the-password" });
            Assert.True(BrowserSession.IsRedirect(refused));
        }

        Assert.True((await UserAsync())!.IsLocked, "five wrong passwords lock the account");
    }
}
