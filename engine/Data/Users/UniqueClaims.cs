using Pickup.Abstractions.Users;

namespace Pickup.Data.Users;

/// <summary>
/// The claim rules the engine applies when a claim is written: every claim a service provider takes the token's
/// <c>sub</c> from, and every claim a plugin's <see cref="ClaimRule"/> marks unique, belongs to at most one user (two
/// users with one <c>sub</c> would be one person to the application); a claim with a rule is normalised by it.
/// </summary>
/// <remarks>
/// Once per server (singleton), built from the loaded configuration and the plugins' contributions. Register it before
/// <see cref="DataServiceCollectionExtensions.AddPickupData"/>, which otherwise registers one without rules or subject
/// claims.
/// </remarks>
public sealed class UniqueClaims
{
    private readonly Dictionary<string, ClaimRule> _rules;

    /// <summary>The service providers' subject claims plus the claims whose rule says unique.</summary>
    /// <param name="subjectClaimUris">The service providers' <c>subject_claim_uri</c> values.</param>
    /// <param name="rules">The plugins' claim rules (at most one per claim URI; the contribution registry checks it).</param>
    public UniqueClaims(IEnumerable<string> subjectClaimUris, IEnumerable<ClaimRule>? rules = null)
    {
        ArgumentNullException.ThrowIfNull(subjectClaimUris);
        _rules = (rules ?? []).ToDictionary(r => r.ClaimUri, StringComparer.Ordinal);
        Uris = new HashSet<string>(
            subjectClaimUris.Where(u => u.Length > 0).Concat(_rules.Values.Where(r => r.Unique).Select(r => r.ClaimUri)),
            StringComparer.Ordinal);
    }

    /// <summary>Every unique claim URI.</summary>
    public IReadOnlySet<string> Uris { get; }

    /// <summary>The plugins' claim rules.</summary>
    public IEnumerable<ClaimRule> Rules => _rules.Values;

    /// <summary>True when values of <paramref name="claimUri"/> must differ between users.</summary>
    public bool Contains(string claimUri) => Uris.Contains(claimUri);

    /// <summary>The rule a plugin contributed for <paramref name="claimUri"/>, or null.</summary>
    public ClaimRule? RuleFor(string claimUri) => _rules.GetValueOrDefault(claimUri);
}
