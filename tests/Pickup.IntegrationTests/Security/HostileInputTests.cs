using System.Text;
using Pickup.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Pickup.IntegrationTests.Security;

/// <summary>
/// Hostile input against every form and endpoint of the real engine over HTTP, generated in code: each field and
/// parameter with each hostile value, sessionDataKeys of every wrong kind, repeated fields, oversized bodies, wrong
/// content types and methods, raw bytes the HTTP client would not send. Never a 5xx, a friendly page for browser
/// requests, no stack trace, secret or echoed value in an answer, and Alex's record unchanged.
/// </summary>
[Collection(SecuritySuite.Name)]
public sealed class HostileInputTests(HostileWorldFixture fixture, ITestOutputHelper output) : IClassFixture<HostileWorldFixture>
{
    private static readonly (string Field, string Stage)[] FormFields =
    [
        ("username", "login"), ("password", "login"), ("authenticator", "login"), ("idp", "login"), ("unexpected-field", "login"),
        ("OTPcode", "code"), ("resendCode", "code"), ("MOBILE_NUMBER", "code"),
        ("MOBILE_NUMBER", "mobile"),
    ];

    private SecurityWorld World => fixture.World;

    [Fact]
    public async Task CommonAuth_HostileFieldValues_NeverServerErrorAndNoRecordChanges()
    {
        var probe = new HostileProbe(World);
        var before = await RecordsAsync();
        Stage? stage = null;
        var uses = 0;
        foreach (var (field, stageName) in FormFields)
        {
            foreach (var (name, value) in HostileValues.All)
            {
                // A code page takes few wrong codes before the code dies; a fresh attempt keeps each value meaningful.
                if (stage is null || uses >= (stageName == "login" ? 20 : 2) || !stage.PageUrl.Contains(PathOf(stageName), StringComparison.Ordinal))
                {
                    stage = await StageAsync(stageName);
                    uses = 0;
                }

                uses++;
                var fields = BaseFields(stageName).Where(f => f.Name != field).Append((field, value)).ToArray();
                await probe.SendAsync(stage.Browser, Post(stage.Form(fields)), Answer.Html, $"POST /commonauth {stageName} {field}={name}");
            }
        }

        await FinishAsync(probe, before);
    }

    [Fact]
    public async Task CommonAuth_WrongSessionDataKeys_AreRefusedWithAPageAndNeverEchoed()
    {
        var probe = new HostileProbe(World);
        var before = await RecordsAsync();
        var mine = await fixture.LoginStageAsync();
        var theirs = await fixture.LoginStageAsync();
        var theirCode = await fixture.CodeStageAsync();
        var (completed, resume) = await fixture.CompletedStageAsync();

        var keys = HostileValues.UnknownKeys.Select(k => (k.Name, k.Value, Echo: true)).ToList();
        keys.Add(("other-browser-login", theirs.Key, true));
        keys.Add(("other-browser-code", theirCode.Key, true));
        keys.Add(("completed-not-yet-used", completed.Key, true));
        foreach (var (name, key, echo) in keys)
        {
            string[] notEchoed = echo ? [key] : [];
            await probe.SendAsync(mine.Browser, Post(mine.FormWithKey(("sessionDataKey", key), ("username", "nobody"), ("password", "x"))), Answer.Html, $"POST /commonauth key={name}", notEchoed);
            await probe.SendAsync(mine.Browser, Post(mine.FormWithKey(("sessionDataKey", key), ("OTPcode", "123456"))), Answer.Html, $"POST /commonauth code key={name}", notEchoed);
            foreach (var page in (string[])["authenticationendpoint/login", "smsotpauthenticationendpoint/smsotp", "smsotpauthenticationendpoint/mobile", "authenticationendpoint/multi-option"])
            {
                await probe.SendAsync(mine.Browser, Get($"/{page}?sessionDataKey={Uri.EscapeDataString(key)}"), Answer.Html, $"GET /{page} key={name}", notEchoed);
            }

            await probe.SendAsync(mine.Browser, Get($"/oauth2/authorize?{Query(mine.Client.AuthorizeUrl())}&sessionDataKey={Uri.EscapeDataString(key)}"), Answer.Html, $"GET /oauth2/authorize key={name}", notEchoed);
        }

        // No key at all, and an empty one.
        await probe.SendAsync(mine.Browser, Post(mine.FormWithKey(("username", "nobody"), ("password", "x"))), Answer.Html, "POST /commonauth without key");
        await probe.SendAsync(mine.Browser, Post(mine.FormWithKey(("sessionDataKey", string.Empty), ("username", "nobody"))), Answer.Html, "POST /commonauth empty key");

        // Already used: the completed attempt resumed once, then its key replayed everywhere.
        using (var first = await completed.Browser.Client.GetAsync(resume))
        {
            Assert.StartsWith(World.Home.CallbackUrl, first.Headers.Location?.OriginalString ?? string.Empty, StringComparison.Ordinal);
        }

        await probe.SendAsync(completed.Browser, Get(resume.OriginalString), Answer.Html, "GET /oauth2/authorize replayed");
        await probe.SendAsync(completed.Browser, Post(completed.Form(("OTPcode", "123456"))), Answer.Html, "POST /commonauth used key");
        await probe.SendAsync(completed.Browser, Get($"/smsotpauthenticationendpoint/smsotp?sessionDataKey={completed.Key}"), Answer.Html, "GET smsotp used key");

        // Stale: every attempt of this test, once its lifetime is over.
        World.Clock.Advance(Core.Flow.LoginFlow.AttemptLifetime + TimeSpan.FromMinutes(1));
        foreach (var stage in (Stage[])[mine, theirs, theirCode])
        {
            await probe.SendAsync(stage.Browser, Post(stage.Form(("username", "nobody"), ("password", "x"), ("OTPcode", "123456"))), Answer.Html, "POST /commonauth expired key");
            await probe.SendAsync(stage.Browser, Get(stage.PageUrl), Answer.Html, "GET expired page");
        }

        await FinishAsync(probe, before);
    }

    [Fact]
    public async Task CommonAuth_RepeatedFieldsOversizedBodiesAndWrongContentTypes_AreRefusedWithAPage()
    {
        var probe = new HostileProbe(World);
        var before = await RecordsAsync();
        var login = await fixture.LoginStageAsync();
        var code = await fixture.CodeStageAsync();
        var other = await fixture.LoginStageAsync();
        var antiforgery = login.Antiforgery;

        // The same name twice, in both orders.
        var twice = new (string Name, Stage Stage, string First, string Second)[]
        {
            ("sessionDataKey", login, login.Key, login.Key),
            ("sessionDataKey", login, login.Key, other.Key),
            ("sessionDataKey", login, other.Key, login.Key),
            (antiforgery.Key, login, antiforgery.Value, "forged"),
            (antiforgery.Key, login, "forged", antiforgery.Value),
            ("username", login, "nobody", "blake"),
            ("password", login, "x", "y"),
            ("OTPcode", code, "000000", "111111"),
            ("resendCode", code, "true", "false"),
            ("MOBILE_NUMBER", code, "94770000000", "1"),
        };
        foreach (var (name, stage, first, second) in twice)
        {
            var fields = stage.Hidden.Where(h => h.Key != name).Append(KeyValuePair.Create(name, first)).Append(KeyValuePair.Create(name, second))
                .Append(KeyValuePair.Create("username", "nobody")).Append(KeyValuePair.Create("password", "x"));
            await probe.SendAsync(stage.Browser, Post(new FormUrlEncodedContent(fields.DistinctBy(f => f.Key + "\n" + f.Value))), Answer.Html, $"POST /commonauth {name} twice");
        }

        // Sizes: a 1 MiB field, a 5 MiB body in one value and in five, more fields than a form may have, a huge name.
        var mebibyte = new string('m', HostileValues.OneMebibyte);
        var bodies = new (string Name, IEnumerable<KeyValuePair<string, string>> Fields)[]
        {
            ("1-mib-field", [KeyValuePair.Create("username", mebibyte)]),
            ("5-mib-value", [KeyValuePair.Create("password", new string('p', 5 * HostileValues.OneMebibyte))]),
            ("5-mib-in-five-fields", Enumerable.Range(0, 5).Select(i => KeyValuePair.Create("f" + i, mebibyte))),
            ("2000-fields", Enumerable.Range(0, 2000).Select(i => KeyValuePair.Create("x", "1"))),
            ("3000-char-name", [KeyValuePair.Create(new string('n', 3000), "1")]),
            ("1-mib-name", [KeyValuePair.Create(mebibyte, "1")]),
        };
        foreach (var (name, fields) in bodies)
        {
            await probe.SendAsync(login.Browser, Post(new FormUrlEncodedContent(login.Hidden.Concat(fields))), Answer.Html, $"POST /commonauth {name}");
        }

        // Bytes that are not UTF-8, escaped and raw, in names and values.
        var prefix = $"sessionDataKey={login.Key}&{Uri.EscapeDataString(antiforgery.Key)}={Uri.EscapeDataString(antiforgery.Value)}&";
        var raws = new (string Name, byte[] Body)[]
        {
            ("escaped-invalid-utf8", Encoding.ASCII.GetBytes(prefix + "username=%FF%FE%C0%AF&password=%ED%A0%80")),
            ("raw-invalid-utf8", [.. Encoding.ASCII.GetBytes(prefix + "username="), 0xFF, 0xC3, 0x28, 0xE2, 0x82, .. Encoding.ASCII.GetBytes("&password=x")]),
            ("raw-invalid-utf8-name", [.. Encoding.ASCII.GetBytes(prefix), 0xC0, 0xAF, .. Encoding.ASCII.GetBytes("=1")]),
            ("raw-nul", [.. Encoding.ASCII.GetBytes(prefix + "username=a"), 0x00, .. Encoding.ASCII.GetBytes("b&password=x")]),
            ("bad-escapes", Encoding.ASCII.GetBytes(prefix + "username=%&password=%G1%%%")),
            ("only-separators", Encoding.ASCII.GetBytes("&&&===&=&")),
        };
        foreach (var (name, body) in raws)
        {
            await probe.SendAsync(login.Browser, Post(Bytes(body, "application/x-www-form-urlencoded")), Answer.Html, $"POST /commonauth {name}");
        }

        // Content types: JSON, text, none, multipart (valid, without boundary, broken), form in UTF-16.
        var formText = prefix + "username=nobody&password=x";
        var multipart = new MultipartFormDataContent();
        foreach (var (key, value) in login.Hidden.Append(KeyValuePair.Create("username", "nobody")).Append(KeyValuePair.Create("password", "x")))
        {
            multipart.Add(new StringContent(value), key);
        }

        multipart.Add(new ByteArrayContent(new byte[HostileValues.OneMebibyte]), "file", "big.bin");
        var contents = new (string Name, HttpContent? Content)[]
        {
            ("json", new StringContent($"{{\"sessionDataKey\":\"{login.Key}\",\"username\":\"nobody\",\"password\":\"x\"}}", Encoding.UTF8, "application/json")),
            ("text-plain", new StringContent(formText, Encoding.UTF8, "text/plain")),
            ("no-content-type", Bytes(Encoding.ASCII.GetBytes(formText), null)),
            ("no-body", null),
            ("multipart", multipart),
            ("multipart-without-boundary", Bytes(Encoding.ASCII.GetBytes(formText), "multipart/form-data")),
            ("multipart-broken", Bytes(Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nnob"), "multipart/form-data; boundary=b")),
            ("multipart-huge-boundary", Bytes(Encoding.ASCII.GetBytes("--x\r\n"), "multipart/form-data; boundary=" + new string('b', 200))),
            ("form-utf16", Bytes(Encoding.Unicode.GetBytes(formText), "application/x-www-form-urlencoded; charset=utf-16")),
            ("form-unknown-charset", Bytes(Encoding.ASCII.GetBytes(formText), "application/x-www-form-urlencoded; charset=x-nonsense")),
            ("content-type-garbage", Bytes(Encoding.ASCII.GetBytes(formText), "application/x-www-form-urlencoded; ;;=;")),
        };
        foreach (var (name, content) in contents)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/commonauth") { Content = content };
            await probe.SendAsync(login.Browser, request, Answer.Html, $"POST /commonauth {name}");
        }

        await FinishAsync(probe, before);
    }

    [Fact]
    public async Task CommonAuth_FieldGivenTwice_FirstValueCountsAsTheSdkPromises()
    {
        var login = await fixture.LoginStageAsync();

        using var answer = await login.Browser.Client.PostAsync("/commonauth", new FormUrlEncodedContent(login.Hidden.Concat(
        [
            KeyValuePair.Create("username", "blake"),
            KeyValuePair.Create("username", "nobody"),
            KeyValuePair.Create("password", SecurityWorld.BlakePassword),
            KeyValuePair.Create("password", "not-the-password"),
        ])));

        Assert.True(BrowserSession.IsRedirect(answer), $"expected a redirect, got {(int)answer.StatusCode}");
        Assert.StartsWith("/smsotpauthenticationendpoint/smsotp?", answer.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_HostileNamesQueriesAndFailureMessages_AreRefusedWithAPage()
    {
        var probe = new HostileProbe(World);
        var before = await RecordsAsync();
        var stage = await fixture.LoginStageAsync();
        string[] areas = ["authenticationendpoint", "smsotpauthenticationendpoint", "nosuchendpoint"];
        string[] pages =
        [
            "login", "smsotp", "smsotpError", "mobile", "multi-option", "error", "nosuchpage", "LOGIN", "smsotp.jsp", "login.html",
            "..", "..%2F..%2Fconf%2Fdeployment.toml", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5C..%5Cconf", "%c0%ae%c0%ae",
            "....%2F%2F", new string('a', 2000), "i18n", "static",
        ];
        string?[] keys = [null, stage.Key, HostileValues.UnknownKeys[0].Value];
        foreach (var area in areas)
        {
            foreach (var page in pages)
            {
                foreach (var key in keys)
                {
                    var failure = HostileValues.FailureKeys[(area.Length + page.Length) % HostileValues.FailureKeys.Count].Value;
                    var query = (key is null ? string.Empty : "sessionDataKey=" + Uri.EscapeDataString(key) + "&")
                        + "authFailure=true&authFailureMsg=" + Uri.EscapeDataString(failure);
                    await probe.SendAsync(stage.Browser, Get($"/{area}/{page}?{query}"), Answer.Html, $"GET /{area}/{Short(page)} key={(key is null ? "none" : key == stage.Key ? "own" : "unknown")}");
                }
            }
        }

        // Every failure message and every hostile query value, on every page of a live attempt.
        foreach (var page in (string[])["authenticationendpoint/login", "smsotpauthenticationendpoint/smsotp", "smsotpauthenticationendpoint/smsotpError", "smsotpauthenticationendpoint/mobile", "authenticationendpoint/error", "authenticationendpoint/multi-option"])
        {
            foreach (var (name, failure) in HostileValues.FailureKeys)
            {
                await probe.SendAsync(stage.Browser, Get($"/{page}?sessionDataKey={stage.Key}&authFailure=true&authFailureMsg={Uri.EscapeDataString(failure)}"), Answer.Html, $"GET /{page} authFailureMsg={name}");
            }

            foreach (var (name, value) in HostileValues.All.Where(v => v.Value.Length < 2000))
            {
                foreach (var parameter in (string[])["authFailure", "authFailureMsg", "lang", "sessionDataKey", "resent"])
                {
                    await probe.SendAsync(stage.Browser, Get($"/{page}?sessionDataKey={stage.Key}&{parameter}={Uri.EscapeDataString(value)}"), Answer.Html, $"GET /{page} {parameter}={name}");
                }
            }

            // Repeated parameters and odd query shapes.
            foreach (var query in (string[])[$"sessionDataKey={stage.Key}&sessionDataKey={stage.Key}", $"sessionDataKey={stage.Key}&sessionDataKey=x", "sessionDataKey", "=&=&", "%", "a=%FF%FE", $"sessionDataKey={stage.Key}&authFailureMsg=a&authFailureMsg=b"])
            {
                await probe.SendAsync(stage.Browser, Get($"/{page}?{query}"), Answer.Html, $"GET /{page}?{Short(query)}");
            }
        }

        // Accept-Language the page negotiation must survive.
        foreach (var language in (string[])["*", "xx-YY;q=abc", "es;q=2, en;q=-1", new string('a', 4000), "en;q=0.5,,,;;", "zz-Latn-x-%FF"])
        {
            var request = Get($"/smsotpauthenticationendpoint/smsotpError?authFailureMsg=unable.send.code");
            request.Headers.TryAddWithoutValidation("Accept-Language", language);
            await probe.SendAsync(stage.Browser, request, Answer.Html, $"GET smsotpError Accept-Language={Short(language)}");
        }

        await FinishAsync(probe, before);
    }

    [Fact]
    public async Task Oidc_HostileParametersMethodsAndContentTypes_NeverServerError()
    {
        var probe = new HostileProbe(World);
        var before = await RecordsAsync();
        var stage = await fixture.LoginStageAsync();
        var valid = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Query(stage.Client.AuthorizeUrl()))
            .ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        var authorizeBrowser = fixture.NewBrowser();

        // Authorize: every parameter missing, empty, repeated, and with each of a few hostile values, by GET and POST.
        foreach (var parameter in valid.Keys.Append("prompt").Append("max_age").Append("request").Append("response_mode"))
        {
            var variants = HostileValues.Few.Select(v => (v.Name, (string?)v.Value)).Append(("missing", null)).Append(("none", "none"));
            foreach (var (name, value) in variants)
            {
                var fields = valid.Where(p => p.Key != parameter).Select(p => KeyValuePair.Create(p.Key, p.Value)).ToList();
                if (value is not null)
                {
                    fields.Add(KeyValuePair.Create(parameter, value));
                }

                await probe.SendAsync(authorizeBrowser, Get("/oauth2/authorize?" + Encode(fields)), Answer.Html, $"GET /oauth2/authorize {parameter}={name}");
                await probe.SendAsync(authorizeBrowser, Post("/oauth2/authorize", new FormUrlEncodedContent(fields)), Answer.Html, $"POST /oauth2/authorize {parameter}={name}");
            }

            var repeated = valid.Select(p => KeyValuePair.Create(p.Key, p.Value)).Append(KeyValuePair.Create(parameter, "other")).ToList();
            await probe.SendAsync(authorizeBrowser, Get("/oauth2/authorize?" + Encode(repeated)), Answer.Html, $"GET /oauth2/authorize {parameter} twice");
        }

        // Token: each grant with hostile values, wrong credentials and content types.
        var tokenForms = new List<(string Name, Dictionary<string, string> Fields)>();
        foreach (var (name, value) in HostileValues.Few)
        {
            tokenForms.Add(($"code={name}", new() { ["grant_type"] = "authorization_code", ["code"] = value, ["redirect_uri"] = World.Home.CallbackUrl, ["code_verifier"] = stage.Client.Verifier }));
            tokenForms.Add(($"refresh={name}", new() { ["grant_type"] = "refresh_token", ["refresh_token"] = value }));
            tokenForms.Add(($"grant_type={name}", new() { ["grant_type"] = value }));
            tokenForms.Add(($"client_secret={name}", new() { ["grant_type"] = "authorization_code", ["code"] = "x", ["client_id"] = "pickup-dispatch", ["client_secret"] = value }));
            tokenForms.Add(($"client_id={name}", new() { ["grant_type"] = "authorization_code", ["code"] = "x", ["client_id"] = value }));
        }

        tokenForms.Add(("empty", []));
        foreach (var (name, fields) in tokenForms)
        {
            await probe.SendAsync(stage.Browser, Post("/oauth2/token", new FormUrlEncodedContent(fields)), Answer.Protocol, $"POST /oauth2/token {name}");
        }

        foreach (var authorization in (string[])["Basic", "Basic !!!notbase64", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("pickup-dispatch:wrong")), "Basic " + Convert.ToBase64String(new byte[] { 0xFF, 0x3A, 0xFE }), "Basic " + new string('A', 6000), "Bearer x", "Digest a=b"])
        {
            var request = Post("/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = "x" }));
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            await probe.SendAsync(stage.Browser, request, Answer.Protocol, $"POST /oauth2/token Authorization={Short(authorization)}");
        }

        var bodies = new (string Name, Func<HttpContent?> Content)[]
        {
            ("json", () => new StringContent("{\"grant_type\":\"authorization_code\",\"code\":\"x\"}", Encoding.UTF8, "application/json")),
            ("multipart", () => new MultipartFormDataContent { { new StringContent("authorization_code"), "grant_type" } }),
            ("multipart-without-boundary", () => Bytes(Encoding.ASCII.GetBytes("grant_type=x"), "multipart/form-data")),
            ("no-content-type", () => Bytes(Encoding.ASCII.GetBytes("grant_type=x"), null)),
            ("no-body", () => null),
            ("5-mib", () => new FormUrlEncodedContent([KeyValuePair.Create("grant_type", new string('g', 5 * HostileValues.OneMebibyte))])),
            ("2000-fields", () => new FormUrlEncodedContent(Enumerable.Range(0, 2000).Select(i => KeyValuePair.Create("f" + i, "1")))),
            ("raw-invalid-utf8", () => Bytes([.. Encoding.ASCII.GetBytes("grant_type="), 0xFF, 0xFE], "application/x-www-form-urlencoded")),
        };
        foreach (var (name, content) in bodies)
        {
            await probe.SendAsync(stage.Browser, Post("/oauth2/token", content()), Answer.Protocol, $"POST /oauth2/token {name}");
            await probe.SendAsync(authorizeBrowser, Post("/oauth2/authorize", content()), Answer.Html, $"POST /oauth2/authorize {name}");
        }

        // Userinfo: tokens that are not tokens, in the header, the query and a form.
        foreach (var (name, value) in HostileValues.Few.Where(v => v.Value.All(char.IsAscii) && !v.Value.Any(char.IsControl)).Append(("jwt-shaped", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.")).Append(("huge", new string('t', 6000))))
        {
            var request = Get("/oauth2/userinfo");
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + value);
            await probe.SendAsync(stage.Browser, request, Answer.Protocol, $"GET /oauth2/userinfo bearer={name}");
            await probe.SendAsync(stage.Browser, Get("/oauth2/userinfo?access_token=" + Uri.EscapeDataString(value)), Answer.Protocol, $"GET /oauth2/userinfo query={name}");
            await probe.SendAsync(stage.Browser, Post("/oauth2/userinfo", new FormUrlEncodedContent([KeyValuePair.Create("access_token", value)])), Answer.Protocol, $"POST /oauth2/userinfo form={name}");
        }

        // Logout: hostile hints, clients and addresses.
        foreach (var (name, value) in HostileValues.Few.Append(("evil-uri", "http://evil.example/")).Append(("javascript", "javascript:alert(1)")))
        {
            foreach (var parameter in (string[])["post_logout_redirect_uri", "id_token_hint", "client_id", "state"])
            {
                var query = $"client_id=pickup-dispatch&post_logout_redirect_uri={Uri.EscapeDataString("http://127.0.0.1:1/pickup-dispatch/")}";
                query = string.Join("&", query.Split('&').Where(p => !p.StartsWith(parameter + "=", StringComparison.Ordinal)).Append($"{parameter}={Uri.EscapeDataString(value)}"));
                await probe.SendAsync(stage.Browser, Get("/oidc/logout?" + query), Answer.Html, $"GET /oidc/logout {parameter}={name}");
            }
        }

        // Discovery and keys with junk.
        foreach (var path in (string[])["/.well-known/openid-configuration", "/oauth2/jwks"])
        {
            await probe.SendAsync(stage.Browser, Get(path + "?x=%FF%00&" + new string('q', 2000)), Answer.Protocol, $"GET {path} junk query");
            await probe.SendAsync(stage.Browser, Post(path, new FormUrlEncodedContent([KeyValuePair.Create("a", "b")])), Answer.Protocol, $"POST {path}");
        }

        await FinishAsync(probe, before);
    }

    [Fact]
    public async Task AllEndpoints_WrongMethodsRawBytesAndLongUrls_NeverServerError()
    {
        var probe = new HostileProbe(World);
        var before = await RecordsAsync();
        var stage = await fixture.LoginStageAsync();
        var paths = new (string Path, Answer Answer)[]
        {
            ("/commonauth", Answer.Html),
            ($"/authenticationendpoint/login?sessionDataKey={stage.Key}", Answer.Html),
            ("/smsotpauthenticationendpoint/smsotpError?authFailureMsg=unable.send.code", Answer.Html),
            ("/oauth2/authorize?" + Query(stage.Client.AuthorizeUrl()), Answer.Html),
            ("/oauth2/token", Answer.Protocol),
            ("/oauth2/userinfo", Answer.Protocol),
            ("/oidc/logout", Answer.Html),
            ("/.well-known/openid-configuration", Answer.Protocol),
            ("/oauth2/jwks", Answer.Protocol),
            ("/health", Answer.Any),
            ("/static/pickup.css", Answer.Any),
            ("/", Answer.Any),
        };
        string[] methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND", "X-HOSTILE"];
        foreach (var (path, answer) in paths)
        {
            foreach (var method in methods)
            {
                var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "PUT" or "PATCH" or "DELETE")
                {
                    request.Content = new FormUrlEncodedContent(stage.Hidden);
                }

                // HEAD has no body to judge.
                await probe.SendAsync(stage.Browser, request, method == "HEAD" ? Answer.Any : answer, $"{method} {Short(path, 40)}");
            }
        }

        // Static files: traversal out of endpoints/static in every spelling.
        foreach (var path in (string[])["/static/../conf/deployment.toml", "/static/..%2f..%2fconf%2fdeployment.toml", "/static/%2e%2e/%2e%2e/conf/deployment.toml", "/static/..%5c..%5cconf", "/static/%00", "/static/pickup.css%00.html", "/static//etc/passwd", "/authenticationendpoint/login%00", "/static/" + new string('s', 3000)])
        {
            await probe.SendAsync(stage.Browser, Get(path), Answer.Any, $"GET {Short(path)}");
        }

        // Long URLs: the HTTP parser's limit answers before any endpoint does.
        foreach (var length in (int[])[4 * 1024, 9 * 1024, 64 * 1024, HostileValues.OneMebibyte])
        {
            foreach (var path in (string[])["/authenticationendpoint/login?sessionDataKey=", "/oauth2/authorize?state=", "/health?x="])
            {
                await probe.SendAsync(stage.Browser, Get(path + new string('L', length)), length < 8 * 1024 ? Answer.Html : Answer.Any, $"GET {path} +{length}");
            }
        }

        // Raw bytes in the request line and headers, which HttpClient would escape or refuse.
        byte[][] rawBytes = [[0xFF, 0xFE], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x00], [0x7F], [0x0B, 0x0C], [0x80, 0x80, 0x80]];
        string[] targets = ["/authenticationendpoint/login?sessionDataKey=", "/smsotpauthenticationendpoint/smsotpError?authFailureMsg=", "/oauth2/authorize?client_id=", "/oidc/logout?state=", "/health?x=", "/authenticationendpoint/"];
        foreach (var target in targets)
        {
            foreach (var bytes in rawBytes)
            {
                var (status, body) = await RawHttp.SendAsync(World.Engine.BaseUrl, RawHttp.Line("GET " + target, bytes, " HTTP/1.1"));
                probe.Judge(status, body, $"raw GET {target}{Convert.ToHexString(bytes)}");
            }
        }

        foreach (var bytes in rawBytes)
        {
            var form = RawHttp.Line($"sessionDataKey={stage.Key}&{stage.Antiforgery.Key}={Uri.EscapeDataString(stage.Antiforgery.Value)}&username=", bytes, "&password=x");
            var (status, body) = await RawHttp.SendAsync(
                World.Engine.BaseUrl,
                RawHttp.Line("POST /commonauth HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded", [], string.Empty),
                form);
            probe.Judge(status, body, $"raw POST /commonauth username bytes {Convert.ToHexString(bytes)}");
        }

        // Kestrel answers an HTTP version it does not speak with 505, which is the protocol's word for it, not a failure.
        var (versionStatus, versionBody) = await RawHttp.SendAsync(World.Engine.BaseUrl, Encoding.ASCII.GetBytes("GET / HTTP/9.9"));
        probe.Judge(versionStatus == 505 ? 400 : versionStatus, versionBody, "raw GET / HTTP/9.9");

        foreach (var line in (string[])["GET /health HTTP/1.1\r\nX-Header: a\u0000b", "GET /health\u0000 HTTP/1.1", "POST /commonauth HTTP/1.1\r\nContent-Length: -1", "GET /health HTTP/1.1\r\nCookie: " + new string('c', 40 * 1024)])
        {
            var (status, body) = await RawHttp.SendAsync(World.Engine.BaseUrl, Encoding.Latin1.GetBytes(line));
            probe.Judge(status, body, $"raw {Short(line.ReplaceLineEndings(" "))}");
        }

        // Cookies the engine reads: the browser binding and the anti-forgery cookie, hostile.
        foreach (var (name, value) in HostileValues.Few.Where(v => v.Value.All(char.IsAscii) && !v.Value.Any(char.IsControl)))
        {
            foreach (var cookie in (string[])["pickup.browser", "pickup.antiforgery"])
            {
                var request = Post(stage.Form(("username", "nobody"), ("password", "x")));
                request.Headers.TryAddWithoutValidation("Cookie", $"{cookie}={Uri.EscapeDataString(value)}");
                await probe.SendAsync(fixture.NewBrowser(), request, Answer.Html, $"POST /commonauth cookie {cookie}={name}");
                var page = Get(stage.PageUrl);
                page.Headers.TryAddWithoutValidation("Cookie", $"{cookie}={Uri.EscapeDataString(value)}");
                await probe.SendAsync(fixture.NewBrowser(), page, Answer.Html, $"GET login cookie {cookie}={name}");
            }
        }

        await FinishAsync(probe, before);
    }

    private static HttpRequestMessage Post(HttpContent content) => Post("/commonauth", content);

    private static HttpRequestMessage Post(string path, HttpContent? content) => new(HttpMethod.Post, path) { Content = content };

    private static HttpRequestMessage Get(string pathAndQuery) => new(HttpMethod.Get, pathAndQuery);

    private static ByteArrayContent Bytes(byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }

    private static string Encode(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join("&", fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));

    private static string Query(string url) => url[(url.IndexOf('?', StringComparison.Ordinal) + 1)..];

    private static string Short(string text, int max = 30) => text.Length <= max ? text : text[..max] + $"...({text.Length})";

    private static string PathOf(string stage) => stage switch
    {
        "login" => "/authenticationendpoint/login",
        "code" => "/smsotpauthenticationendpoint/smsotp",
        _ => "/smsotpauthenticationendpoint/mobile",
    };

    private static (string Name, string Value)[] BaseFields(string stage) => stage switch
    {
        "login" => [("username", "nobody"), ("password", "nobody-password")],
        "code" => [("OTPcode", "000000")],
        _ => [("MOBILE_NUMBER", "0")],
    };

    private Task<Stage> StageAsync(string stage) => stage switch
    {
        "login" => fixture.LoginStageAsync(),
        "code" => fixture.CodeStageAsync(),
        _ => fixture.MobileStageAsync(),
    };

    // The records that must not change, and where this batch's log lines start (the fixture's log is shared).
    private async Task<(string[] Records, int LogStart)> RecordsAsync() =>
        ([await World.RecordOfAsync("alex"), await World.RecordOfAsync("casey")], World.Logs.Lines.Count);

    // Alex is never the target, so nothing about him may change; Casey is, but a number she typed and never
    // verified must not be saved. Errors the engine logged count as problems too (a 500 swallowed somewhere).
    private async Task FinishAsync(HostileProbe probe, (string[] Records, int LogStart) before)
    {
        var (after, _) = await RecordsAsync();
        for (var i = 0; i < after.Length; i++)
        {
            if (before.Records[i] != after[i])
            {
                probe.Problem($"a user record changed:\n  before: {before.Records[i]}\n  after:  {after[i]}");
            }
        }

        foreach (var line in World.Logs.Lines.Skip(before.LogStart).Where(IsErrorNotCausedByAForgedToken))
        {
            probe.Problem("the engine logged an error: " + (line.Length > 400 ? line[..400] : line));
        }

        var summary = SecuritySummary.AddHostileInputs(probe.Tried, probe.ServerErrors);
        output.WriteLine($"hostile inputs tried: {probe.Tried}, 5xx: {probe.ServerErrors}, problems: {probe.Problems.Count}");
        output.WriteLine($"{SecuritySummary.FilePath}: {summary}");
        foreach (var problem in probe.Problems)
        {
            output.WriteLine(problem.Length > 600 ? problem[..600] : problem);
        }

        Assert.True(probe.Problems.Count == 0, $"{probe.Problems.Count} problems in {probe.Tried} hostile requests:\n{probe.Report()}");
    }

    // ASP.NET Core's anti-forgery logs every token it cannot decrypt at Error: that line is the framework's answer
    // to a forged token (the request itself gets the friendly 400), not a failure of the engine.
    private static bool IsErrorNotCausedByAForgedToken(string line) =>
        (line.Contains(" Error:", StringComparison.Ordinal) || line.Contains(" Critical:", StringComparison.Ordinal))
        && !(line.StartsWith("Microsoft.AspNetCore.Antiforgery.DefaultAntiforgery Error:", StringComparison.Ordinal)
             && line.Contains("AntiforgeryValidationException", StringComparison.Ordinal));
}
