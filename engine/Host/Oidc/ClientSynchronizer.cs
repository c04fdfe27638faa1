using OpenIddict.Abstractions;
using Pickup.Core.Configuration;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Pickup.Host.Oidc;

/// <summary>
/// Makes the OpenIddict applications match <c>conf/service-providers/</c> at start-up: the files are the source
/// of truth, so clients are created, updated, and removed when their file is gone.
/// </summary>
internal static class ClientSynchronizer
{
    public static async Task SynchronizeAsync(IServiceProvider services, IReadOnlyList<ServiceProviderConfig> serviceProviders, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var wanted = serviceProviders.Select(s => s.Oidc.ClientId).ToHashSet(StringComparer.Ordinal);

        var stale = new List<object>();
        await foreach (var application in manager.ListAsync(count: null, offset: null, cancellationToken))
        {
            if (await manager.GetClientIdAsync(application, cancellationToken) is not { } id || !wanted.Contains(id))
            {
                stale.Add(application);
            }
        }

        foreach (var application in stale)
        {
            await manager.DeleteAsync(application, cancellationToken);
        }

        foreach (var serviceProvider in serviceProviders)
        {
            var descriptor = Describe(serviceProvider);
            var existing = await manager.FindByClientIdAsync(serviceProvider.Oidc.ClientId, cancellationToken);
            if (existing is null)
            {
                await manager.CreateAsync(descriptor, cancellationToken);
            }
            else
            {
                await manager.UpdateAsync(existing, descriptor, cancellationToken);
            }
        }
    }

    private static OpenIddictApplicationDescriptor Describe(ServiceProviderConfig serviceProvider)
    {
        var isPublic = string.IsNullOrEmpty(serviceProvider.Oidc.ClientSecret);
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = serviceProvider.Oidc.ClientId,
            ClientSecret = isPublic ? null : serviceProvider.Oidc.ClientSecret,
            ClientType = isPublic ? ClientTypes.Public : ClientTypes.Confidential,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = serviceProvider.Name,
        };
        foreach (var url in serviceProvider.Oidc.CallbackUrls)
        {
            descriptor.RedirectUris.Add(new Uri(url, UriKind.Absolute));
        }

        foreach (var url in serviceProvider.Oidc.PostLogoutRedirectUrls)
        {
            descriptor.PostLogoutRedirectUris.Add(new Uri(url, UriKind.Absolute));
        }

        descriptor.Permissions.UnionWith(
        [
            Permissions.Endpoints.Authorization,
            Permissions.Endpoints.Token,
            Permissions.Endpoints.EndSession,
            Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.AuthorizationCode,
            Permissions.GrantTypes.RefreshToken,
            Permissions.ResponseTypes.Code,
            Permissions.Scopes.Profile,
            Permissions.Scopes.Email,
            Permissions.Scopes.Phone,
        ]);
        // Every client sends a PKCE challenge unless its service provider opts out ([oidc] require_pkce = false,
        // refused for public clients when the file is read).
        if (isPublic || serviceProvider.Oidc.RequirePkce)
        {
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }

        return descriptor;
    }
}
