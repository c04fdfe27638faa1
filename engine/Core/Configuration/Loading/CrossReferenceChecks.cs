using Pickup.Abstractions.Configuration;

namespace Pickup.Core.Configuration.Loading;

/// <summary>Checks what spans files: unique names and client ids, and that each step option names something usable.</summary>
internal static class CrossReferenceChecks
{
    /// <summary>Runs every check; problems are reported in the file that holds the offending reference.</summary>
    /// <param name="deployment">The deployment file, or null when it could not be read (authenticator references are then not checked).</param>
    /// <param name="identityProviders">The identity providers that could be read.</param>
    /// <param name="allIdentityProvidersRead">False when some identity provider file was unreadable, so a missing name may just be in that file.</param>
    /// <param name="serviceProviders">The service providers that could be read.</param>
    /// <param name="context">Collects errors.</param>
    public static void Check(
        LoadedDeployment? deployment,
        IReadOnlyList<LoadedIdentityProvider> identityProviders,
        bool allIdentityProvidersRead,
        IReadOnlyList<LoadedServiceProvider> serviceProviders,
        LoadContext context)
    {
        RequireUnique(identityProviders, p => p.Config.Name, p => p.NameLocation, "identity provider name", context);
        RequireUnique(serviceProviders, p => p.Config.Name, p => p.NameLocation, "service provider name", context);
        RequireUnique(serviceProviders, p => p.Config.Oidc.ClientId, p => p.ClientIdLocation, "client_id", context);

        var references = new StepReferences(deployment, identityProviders, allIdentityProvidersRead, context);
        foreach (var serviceProvider in serviceProviders)
        {
            for (var index = 0; index < serviceProvider.Config.Steps.Count; index++)
            {
                foreach (var option in serviceProvider.Config.Steps[index].Options)
                {
                    references.Check(option, index + 1);
                }
            }
        }
    }

    private static void RequireUnique<T>(
        IReadOnlyList<T> items,
        Func<T, string> value,
        Func<T, SourceLocation> location,
        string what,
        LoadContext context)
    {
        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var text = value(item);
            if (text.Length == 0)
            {
                continue;
            }

            if (seen.TryGetValue(text, out var first))
            {
                context.AddError(location(item), $"{what} '{text}' is already used in {first.File}:{first.Line}; each must be unique");
            }
            else
            {
                seen.Add(text, location(item));
            }
        }
    }

    private sealed class StepReferences(
        LoadedDeployment? deployment,
        IReadOnlyList<LoadedIdentityProvider> identityProviders,
        bool allIdentityProvidersRead,
        LoadContext context)
    {
        public void Check(StepOptionConfig option, int stepNumber)
        {
            if (!string.IsNullOrEmpty(option.Authenticator))
            {
                if (Unusable(option.Authenticator) is { } problem)
                {
                    context.AddError(option.Location, $"step {stepNumber} uses authenticator '{option.Authenticator}', {problem}");
                }
            }
            else if (!string.IsNullOrEmpty(option.IdentityProvider))
            {
                CheckIdentityProvider(option, stepNumber);
            }
        }

        private void CheckIdentityProvider(StepOptionConfig option, int stepNumber)
        {
            var name = option.IdentityProvider!;
            var identityProvider = identityProviders.FirstOrDefault(p => string.Equals(p.Config.Name, name, StringComparison.Ordinal));
            if (identityProvider is null)
            {
                if (allIdentityProvidersRead)
                {
                    var known = identityProviders.Select(p => p.Config.Name).Where(n => n.Length > 0).Order(StringComparer.Ordinal).ToArray();
                    context.AddError(
                        option.Location,
                        $"step {stepNumber} uses identity provider '{name}', which no file in conf/identity-providers/ names;{NameSuggestion.DidYouMean(name, known)} known: {(known.Length == 0 ? "none" : string.Join(", ", known))}");
                }

                return;
            }

            var federated = identityProvider.Config.Federated.FirstOrDefault(f => f is { Enable: true, Default: true });
            if (federated is null)
            {
                context.AddError(
                    option.Location,
                    $"step {stepNumber} uses identity provider '{name}', which has no enabled [federated.<id>] table with default = true in {identityProvider.File}");
                return;
            }

            if (Unusable(federated.AuthenticatorId) is { } problem)
            {
                context.AddError(
                    option.Location,
                    $"step {stepNumber} uses identity provider '{name}', whose default federated authenticator '{federated.AuthenticatorId}' ({federated.Location}) {problem}");
            }
        }

        // Null when the id names an enabled authenticator table, or when deployment.toml could not be read at all.
        private string? Unusable(string id)
        {
            if (deployment is null)
            {
                return null;
            }

            var authenticator = deployment.Authenticators.FirstOrDefault(a => string.Equals(a.Id, id, StringComparison.Ordinal));
            if (authenticator is null)
            {
                var known = deployment.Authenticators.Select(a => a.Id).Order(StringComparer.Ordinal).ToArray();
                return $"which has no [authentication.authenticator.{id}] table in {deployment.File};{NameSuggestion.DidYouMean(id, known)} configured: {(known.Length == 0 ? "none" : string.Join(", ", known))}";
            }

            return authenticator.Enable
                ? null
                : $"which is disabled (enable = false) in {authenticator.Location}";
        }
    }
}
