using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Pickup.Samples.PickupDispatch.Authentication;

/// <summary>A logout token that passed every check: whom it logs out, and its id for replay detection.</summary>
internal sealed record LogoutRequest(string? SessionId, string? Subject, string TokenId, DateTimeOffset ExpiresAt);

/// <summary>
/// Validates a Logout Token as OpenID Connect Back-Channel Logout 1.0 §2.6 asks: signed by a key of the engine's JWKS
/// (read through the OpenID Connect handler's configuration manager), <c>iss</c> the engine, <c>aud</c> this app's client
/// id, typed <c>logout+jwt</c>, <c>iat</c> recent, not expired, the back-channel logout event present, <c>sid</c> or
/// <c>sub</c> present, no <c>nonce</c>, a <c>jti</c>. Replays are checked by the caller. Once per app.
/// </summary>
internal sealed class LogoutTokenValidator(IOptionsMonitor<OpenIdConnectOptions> oidc, TimeProvider time)
{
    /// <summary>How old a token's <c>iat</c> may be; the engine posts at once and retries for seconds, not minutes.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);
    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>The request, or why the token is refused (a sentence without the token's content).</summary>
    public async Task<(LogoutRequest? Request, string? Error)> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var options = oidc.Get(AuthSchemes.Oidc);
        if (options.ConfigurationManager is not { } configurationManager)
        {
            return (null, "the app has no OpenID Connect configuration");
        }

        var result = await ValidateSignedAsync(token, options.ClientId!, await configurationManager.GetConfigurationAsync(cancellationToken));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // A key the cached JWKS does not hold yet (the engine rotated its keys): read it again once.
            configurationManager.RequestRefresh();
            result = await ValidateSignedAsync(token, options.ClientId!, await configurationManager.GetConfigurationAsync(cancellationToken));
        }

        if (!result.IsValid)
        {
            return (null, "the token is not valid: " + Reason(result.Exception));
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        var now = time.GetUtcNow();
        if (!jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Iat, out var iat))
        {
            return (null, "the token has no iat");
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(iat);
        if (issuedAt > now + ClockSkew || issuedAt < now - MaxAge - ClockSkew)
        {
            return (null, "the token was not issued just now (iat)");
        }

        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.EncodedPayload));
        var claims = payload.RootElement;
        if (claims.TryGetProperty(JwtRegisteredClaimNames.Nonce, out _))
        {
            return (null, "a logout token must not carry a nonce");
        }

        if (!claims.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Object
            || !events.TryGetProperty(LogoutEvent, out var logoutEvent) || logoutEvent.ValueKind != JsonValueKind.Object)
        {
            return (null, "the token's events claim has no back-channel logout event");
        }

        var sessionId = StringClaim(claims, "sid");
        var subject = StringClaim(claims, JwtRegisteredClaimNames.Sub);
        if (sessionId is null && subject is null)
        {
            return (null, "the token names neither a session (sid) nor a user (sub)");
        }

        if (StringClaim(claims, JwtRegisteredClaimNames.Jti) is not { } tokenId)
        {
            return (null, "the token has no jti");
        }

        return (new LogoutRequest(sessionId, subject, tokenId, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero)), null);
    }

    private static Task<TokenValidationResult> ValidateSignedAsync(string token, string clientId, OpenIdConnectConfiguration configuration) =>
        Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = clientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidTypes = ["logout+jwt"],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = ClockSkew,
        });

    private static string? StringClaim(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 255 } text
            ? text
            : null;

    // The exception's type says enough; its message can quote the token.
    private static string Reason(Exception? exception) => exception switch
    {
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException => "not yet valid",
        SecurityTokenInvalidTypeException => "not typed logout+jwt",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "not signed by the engine",
        SecurityTokenNoExpirationException => "no exp",
        SecurityTokenMalformedException => "malformed",
        null => "unknown",
        _ => exception.GetType().Name,
    };
}
