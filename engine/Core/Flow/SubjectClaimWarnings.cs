using Pickup.Abstractions.Configuration;
using Pickup.Core.Configuration;

namespace Pickup.Core.Flow;

/// <summary>
/// Finds service providers whose token <c>sub</c> comes from a claim users can write themselves through an enabled
/// authenticator's page (<see cref="Abstractions.Authentication.IAuthenticatorFactory.WritableClaims"/>). Allowed, since
/// unique claims are enforced and a captured number is saved only once verified, but worth an admin's second look: a
/// user without the claim then chooses their own subject.
/// </summary>
public static class SubjectClaimWarnings
{
    /// <summary>One warning per such service provider, at its <c>subject_claim_uri</c> (call after <see cref="AuthenticatorRegistry.Initialize"/>).</summary>
    public static IReadOnlyList<ConfigurationError> Find(PickupConfiguration configuration, AuthenticatorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(registry);
        var writers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in configuration.Authenticators.Where(a => a.Enable))
        {
            foreach (var claim in registry.FindFactory(table.Id)?.WritableClaims ?? [])
            {
                if (!writers.TryGetValue(claim, out var ids))
                {
                    writers[claim] = ids = [];
                }

                ids.Add(table.Id);
            }
        }

        var warnings = new List<ConfigurationError>();
        foreach (var serviceProvider in configuration.ServiceProviders)
        {
            if (writers.TryGetValue(serviceProvider.SubjectClaimUri, out var ids))
            {
                warnings.Add(new ConfigurationError(
                    serviceProvider.SubjectClaimUriLocation ?? serviceProvider.Location,
                    $"service provider '{serviceProvider.Name}' takes the token's sub from {serviceProvider.SubjectClaimUri}, which users can set "
                    + $"themselves on a page of authenticator {string.Join(", ", ids.Select(i => $"'{i}'"))}; a user who has none chooses their own "
                    + "subject (each value is unique and saved only once verified). Prefer a claim only an admin sets, such as http://wso2.org/claims/username"));
            }
        }

        return warnings;
    }
}
