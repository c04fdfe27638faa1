using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Users;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Pickup.Host.Oidc;

/// <summary>
/// Maps local claim URIs to OpenID Connect claims, grouped by the scope that releases them: the standard ones the engine
/// knows, plus each plugin's <see cref="ClaimRule.OidcClaim"/> under its <see cref="ClaimRule.OidcScope"/>.
/// </summary>
internal static class ClaimMapper
{
    private static readonly (string Uri, string Claim, string Scope)[] StandardMappings =
    [
        (ClaimUris.Email, Claims.Email, Scopes.Email),
        (ClaimUris.GivenName, Claims.GivenName, Scopes.Profile),
        (ClaimUris.LastName, Claims.FamilyName, Scopes.Profile),
        (ClaimUris.Username, Claims.PreferredUsername, Scopes.Profile),
    ];

    /// <summary>The OIDC claims of a user that <paramref name="scopes"/> release.</summary>
    /// <param name="claims">The user's claims by URI.</param>
    /// <param name="username">The login name (released as <c>preferred_username</c> under <c>profile</c>).</param>
    /// <param name="scopes">Granted scopes.</param>
    /// <param name="rules">The plugins' claim rules; those naming an OIDC claim and scope add a mapping.</param>
    public static IEnumerable<KeyValuePair<string, string>> Map(
        IReadOnlyDictionary<string, string> claims,
        string username,
        IEnumerable<string> scopes,
        IEnumerable<ClaimRule> rules)
    {
        var granted = scopes.ToHashSet(StringComparer.Ordinal);
        var mappings = rules
            .Where(r => r.OidcClaim is { Length: > 0 } && r.OidcScope is { Length: > 0 })
            .Select(r => (Uri: r.ClaimUri, Claim: r.OidcClaim!, Scope: r.OidcScope!))
            .Concat(StandardMappings);
        foreach (var (uri, claim, scope) in mappings)
        {
            if (!granted.Contains(scope))
            {
                continue;
            }

            if (uri == ClaimUris.Username)
            {
                yield return KeyValuePair.Create(claim, claims.GetValueOrDefault(uri) ?? username);
            }
            else if (claims.TryGetValue(uri, out var value) && value.Length > 0)
            {
                yield return KeyValuePair.Create(claim, value);
            }
        }
    }

    /// <summary>The value of the service provider's subject claim for a user, or null when the user lacks it.</summary>
    public static string? Subject(IReadOnlyDictionary<string, string> claims, string username, string subjectClaimUri) =>
        subjectClaimUri == ClaimUris.Username
            ? claims.GetValueOrDefault(ClaimUris.Username) ?? username
            : claims.GetValueOrDefault(subjectClaimUri);
}
