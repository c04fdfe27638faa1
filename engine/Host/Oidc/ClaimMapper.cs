using Pickup.Abstractions.Authentication;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Pickup.Host.Oidc;

/// <summary>Maps local claim URIs to OpenID Connect claims, grouped by the scope that releases them.</summary>
internal static class ClaimMapper
{
    private static readonly (string Uri, string Claim, string Scope)[] Mappings =
    [
        (ClaimUris.Mobile, Claims.PhoneNumber, Scopes.Phone),
        (ClaimUris.Email, Claims.Email, Scopes.Email),
        (ClaimUris.GivenName, Claims.GivenName, Scopes.Profile),
        (ClaimUris.LastName, Claims.FamilyName, Scopes.Profile),
        (ClaimUris.Username, Claims.PreferredUsername, Scopes.Profile),
    ];

    /// <summary>The OIDC claims of a user that <paramref name="scopes"/> release.</summary>
    /// <param name="claims">The user's claims by URI.</param>
    /// <param name="username">The login name (released as <c>preferred_username</c> under <c>profile</c>).</param>
    /// <param name="scopes">Granted scopes.</param>
    public static IEnumerable<KeyValuePair<string, string>> Map(
        IReadOnlyDictionary<string, string> claims,
        string username,
        IEnumerable<string> scopes)
    {
        var granted = scopes.ToHashSet(StringComparer.Ordinal);
        foreach (var (uri, claim, scope) in Mappings)
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
