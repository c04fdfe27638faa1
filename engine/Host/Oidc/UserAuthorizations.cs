using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlerFilters;

namespace Pickup.Host.Oidc;

/// <summary>
/// Creates the authorization (the token family) of a login with the user store's id as its subject, in place of the
/// ad-hoc one OpenIddict would create with the service provider's <c>sub</c>. Every code, access and refresh token of
/// the login, and every token rotated from them, is linked to it, so <see cref="Pickup.Data.Users.UserTokens"/> finds
/// all of a user's tokens by the id alone: the <c>sub</c> is a claim value (a phone number, say) that can change, differs
/// per service provider, and may later belong to another user.
/// </summary>
/// <remarks>
/// Lifetime: per request (scoped), as OpenIddict's handlers. Runs just before OpenIddict's <c>AttachAuthorization</c>,
/// which then sees the authorization id and creates nothing: a login still writes one authorization row.
/// </remarks>
internal sealed class UserAuthorizations(
    IOpenIddictApplicationManager applications,
    IOpenIddictAuthorizationManager authorizations,
    TimeProvider time) : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .AddFilter<RequireDegradedModeDisabled>()
            .AddFilter<RequireAuthorizationStorageEnabled>()
            .UseScopedHandler<UserAuthorizations>()
            .SetOrder(OpenIddictServerHandlers.AttachAuthorization.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessSignInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.Principal;
        if (principal is null
            || (!context.GenerateAuthorizationCode && !context.GenerateDeviceCode && !context.GenerateRefreshToken)
            || !string.IsNullOrEmpty(principal.GetAuthorizationId())
            || principal.GetClaim(OidcServiceCollectionExtensions.UserIdClaim) is not { Length: > 0 } userId)
        {
            return;
        }

        var descriptor = new OpenIddictAuthorizationDescriptor
        {
            CreationDate = time.GetUtcNow(),
            Principal = principal,
            Status = Statuses.Valid,
            Subject = userId,
            Type = AuthorizationTypes.AdHoc,
        };
        descriptor.Scopes.UnionWith(principal.GetScopes());
        if (!string.IsNullOrEmpty(context.Request.ClientId))
        {
            var application = await applications.FindByClientIdAsync(context.Request.ClientId)
                ?? throw new InvalidOperationException("The client of a sign-in is not registered.");
            descriptor.ApplicationId = await applications.GetIdAsync(application);
        }

        var authorization = await authorizations.CreateAsync(descriptor);
        principal.SetAuthorizationId(await authorizations.GetIdAsync(authorization));
    }
}
