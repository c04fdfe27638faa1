using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Pickup.Host.Oidc.BackChannel;

/// <summary>
/// Builds the Logout Token of OpenID Connect Back-Channel Logout 1.0 §2.4: a JWT typed <c>logout+jwt</c> with
/// <c>iss</c>, <c>aud</c>, <c>iat</c>, <c>exp</c>, <c>jti</c>, <c>sub</c>, <c>sid</c> and the back-channel logout event, and
/// never a <c>nonce</c> (so it can never pass for an identity token). Once per server; thread-safe.
/// </summary>
/// <remarks>
/// Signed with the key that signs identity tokens, read from OpenIddict's current options on every token, so a key
/// rotated in while the server runs signs the next logout token too, and clients check both with the same JWKS.
/// </remarks>
internal sealed class LogoutTokenFactory(
    IOptionsMonitor<OpenIddictServerOptions> server,
    IOptions<BackChannelLogoutOptions> options,
    TimeProvider time)
{
    /// <summary>The event a logout token carries (§2.4).</summary>
    public const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";

    /// <summary>The <c>typ</c> header of a logout token (§2.4).</summary>
    public const string TokenType = "logout+jwt";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>A new, signed logout token for one client.</summary>
    /// <param name="clientId">The audience: the client's <c>client_id</c>.</param>
    /// <param name="subject">The <c>sub</c> the client was given for the user.</param>
    /// <param name="sessionId">The single sign-on session's id, as the <c>sid</c> of its identity tokens.</param>
    /// <exception cref="InvalidOperationException">OpenIddict has no issuer or no asymmetric signing key.</exception>
    public string Create(string clientId, string subject, string sessionId)
    {
        var current = server.CurrentValue;
        var issuer = current.Issuer ?? throw new InvalidOperationException("The OpenID Connect server has no issuer.");
        var credentials = current.SigningCredentials.FirstOrDefault(c => c.Key is AsymmetricSecurityKey)
            ?? throw new InvalidOperationException("The OpenID Connect server has no asymmetric signing key for logout tokens.");
        var now = time.GetUtcNow().UtcDateTime;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = TokenType,
            Issuer = issuer.AbsoluteUri,
            Audience = clientId,
            IssuedAt = now,
            Expires = now + options.Value.TokenLifetime,
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                [JwtRegisteredClaimNames.Jti] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
                [JwtRegisteredClaimNames.Sub] = subject,
                ["sid"] = sessionId,
                ["events"] = new Dictionary<string, object>(StringComparer.Ordinal) { [LogoutEvent] = new Dictionary<string, object>() },
            },
        });
    }
}
