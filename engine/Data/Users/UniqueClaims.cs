using Pickup.Abstractions.Authentication;

namespace Pickup.Data.Users;

/// <summary>
/// The claims whose value belongs to at most one user: the mobile number (a code sent to it proves its owner) and
/// every claim a service provider takes the token's <c>sub</c> from (two users with one <c>sub</c> would be one
/// person to the application).
/// </summary>
/// <remarks>
/// Once per server (singleton), built from the loaded configuration. Register it before
/// <see cref="DataServiceCollectionExtensions.AddPickupData"/>, which otherwise registers the mobile claim alone.
/// </remarks>
public sealed class UniqueClaims
{
    /// <summary>The mobile claim plus <paramref name="subjectClaimUris"/>.</summary>
    public UniqueClaims(IEnumerable<string> subjectClaimUris)
    {
        ArgumentNullException.ThrowIfNull(subjectClaimUris);
        Uris = new HashSet<string>(subjectClaimUris.Where(u => u.Length > 0).Append(ClaimUris.Mobile), StringComparer.Ordinal);
    }

    /// <summary>Every unique claim URI.</summary>
    public IReadOnlySet<string> Uris { get; }

    /// <summary>True when values of <paramref name="claimUri"/> must differ between users.</summary>
    public bool Contains(string claimUri) => Uris.Contains(claimUri);
}
