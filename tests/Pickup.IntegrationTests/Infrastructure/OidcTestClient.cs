using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Pickup.IntegrationTests.Infrastructure;

/// <summary>The relying party's side of the authorization code flow with PKCE, done by hand so every step is visible.</summary>
internal sealed class OidcTestClient
{
    private readonly BrowserSession _browser;

    public OidcTestClient(BrowserSession browser, string redirectUri, string clientId = TestHome.ClientId, string? clientSecret = TestHome.ClientSecret)
    {
        _browser = browser;
        RedirectUri = redirectUri;
        ClientId = clientId;
        ClientSecret = clientSecret;
        Verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        State = Base64Url(RandomNumberGenerator.GetBytes(16));
        Nonce = Base64Url(RandomNumberGenerator.GetBytes(16));
    }

    public string RedirectUri { get; }

    public string ClientId { get; }

    public string? ClientSecret { get; }

    public string Verifier { get; }

    public string State { get; }

    public string Nonce { get; }

    public string AuthorizeUrl(string scope = "openid profile phone offline_access", bool pkce = true, string? redirectUri = null)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = redirectUri ?? RedirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = State,
            ["nonce"] = Nonce,
        };
        if (pkce)
        {
            parameters["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));
            parameters["code_challenge_method"] = "S256";
        }

        return QueryHelpers.AddQueryString("/oauth2/authorize", parameters);
    }

    /// <summary>Reads the code from the final redirect to the callback URL.</summary>
    public string CodeFrom(HttpResponseMessage redirect)
    {
        Assert.True(BrowserSession.IsRedirect(redirect), $"expected the redirect to the app, got {(int)redirect.StatusCode}");
        var location = redirect.Headers.Location!;
        Assert.StartsWith(RedirectUri, location.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(State, query["state"].ToString());
        return query["code"].ToString();
    }

    public async Task<JsonElement> RedeemAsync(string code, string? verifier = null)
    {
        var (status, body) = await TryRedeemAsync(code, verifier);
        Assert.True(status == 200, $"token endpoint answered {status}: {body}");
        return body;
    }

    /// <summary>Redeems a code that <paramref name="starter"/> asked for (its PKCE verifier), through this client's server.</summary>
    public async Task<JsonElement> RedeemWithVerifierAsync(OidcTestClient starter, string code)
    {
        ArgumentNullException.ThrowIfNull(starter);
        return await RedeemAsync(code, starter.Verifier);
    }

    public async Task<JsonElement> RefreshAsync(string refreshToken)
    {
        var (status, body) = await TryRefreshAsync(refreshToken);
        Assert.True(status == 200, $"token endpoint answered {status}: {body}");
        return body;
    }

    public Task<(int Status, JsonElement Body)> TryRefreshAsync(string refreshToken) =>
        PostTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
        });

    /// <summary>Redeems a code; an empty <paramref name="verifier"/> sends none (for a request made without PKCE).</summary>
    public Task<(int Status, JsonElement Body)> TryRedeemAsync(string code, string? verifier)
    {
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
        };
        if (verifier is not { Length: 0 })
        {
            fields["code_verifier"] = verifier ?? Verifier;
        }

        return PostTokenAsync(fields);
    }

    /// <summary>Revokes a token at the revocation endpoint (RFC 7009), authenticated as this client.</summary>
    public Task<(int Status, JsonElement Body)> RevokeAsync(string token, string tokenTypeHint = "refresh_token") =>
        PostFormAsync("/oauth2/revoke", new Dictionary<string, string>
        {
            ["token"] = token,
            ["token_type_hint"] = tokenTypeHint,
        });

    /// <summary>The JWT's payload, decoded (signature checked separately where it matters).</summary>
    public static JsonElement Payload(string jwt)
    {
        var part = jwt.Split('.')[1];
        return JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(part)).RootElement.Clone();
    }

    private Task<(int Status, JsonElement Body)> PostTokenAsync(Dictionary<string, string> fields) => PostFormAsync("/oauth2/token", fields);

    private async Task<(int Status, JsonElement Body)> PostFormAsync(string path, Dictionary<string, string> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (ClientSecret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(ClientId) + ":" + Uri.EscapeDataString(ClientSecret))));
        }
        else
        {
            fields["client_id"] = ClientId;
        }

        request.Content = new FormUrlEncodedContent(fields);
        using var response = await _browser.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(body.Length == 0 ? "{}" : body).RootElement.Clone());
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
