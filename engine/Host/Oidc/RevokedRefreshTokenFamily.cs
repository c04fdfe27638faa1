using OpenIddict.Abstractions;
using OpenIddict.Server;
using Pickup.Data;
using Pickup.Data.Users;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Pickup.Host.Oidc;

/// <summary>
/// At the revocation endpoint (RFC 7009), once OpenIddict has revoked a refresh token: revokes the rest of its family
/// too (the authorization and every token under it), as RFC 7009 section 2.1 allows, so a signed-out app leaves no
/// access or refresh token of that login usable.
/// </summary>
/// <remarks>Lifetime: per request (scoped).</remarks>
internal sealed class RevokedRefreshTokenFamily(PickupDbContext db) : IOpenIddictServerHandler<HandleRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
            .UseScopedHandler<RevokedRefreshTokenFamily>()
            .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleRevocationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GenericTokenPrincipal is { } principal
            && principal.HasTokenType(TokenTypeIdentifiers.RefreshToken)
            && principal.GetAuthorizationId() is { Length: > 0 } authorizationId)
        {
            await UserTokens.RevokeAuthorizationsAsync(db, [authorizationId], context.CancellationToken);
        }
    }
}
