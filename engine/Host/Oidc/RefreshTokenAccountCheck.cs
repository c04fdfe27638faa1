using System.Globalization;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using Pickup.Abstractions.Users;
using Pickup.Core.Configuration;
using Pickup.Data;
using Pickup.Data.Users;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Pickup.Host.Oidc;

/// <summary>
/// On every refresh token grant, once OpenIddict has validated the token (signature, expiry, its entry and its
/// authorization in the database): reads the user again and refuses with <c>invalid_grant</c> when the user is gone,
/// locked out or no longer has the <c>login</c> permission, or when the login is older than
/// <c>[oidc] refresh_token_lifetime_seconds</c>. A refusal revokes the token family (the authorization and its
/// tokens); one for the user's state revokes every family of that user.
/// </summary>
/// <remarks>Lifetime: per request (scoped). One read of the user per refresh.</remarks>
internal sealed class RefreshTokenAccountCheck(
    IUserDirectory directory,
    PickupDbContext db,
    OidcOptions options,
    TimeProvider time,
    ILogger<RefreshTokenAccountCheck> logger) : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseScopedHandler<RefreshTokenAccountCheck>()
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateAuthentication.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.IsRefreshTokenGrantType() || context.RefreshTokenPrincipal is not { } principal)
        {
            return;
        }

        var userId = principal.GetClaim(OidcServiceCollectionExtensions.UserIdClaim);
        var (reason, wholeAccount) = await RefusalAsync(principal.GetClaim(Claims.AuthenticationTime), userId, context.CancellationToken);
        if (reason is null)
        {
            return;
        }

        var family = principal.GetAuthorizationId() is { Length: > 0 } authorizationId ? [authorizationId] : new List<string>();
        var revoked = await UserTokens.RevokeAuthorizationsAsync(db, family, context.CancellationToken);
        if (wholeAccount && !string.IsNullOrEmpty(userId))
        {
            revoked += await UserTokens.RevokeAsync(db, userId, context.CancellationToken);
        }

        logger.LogInformation("Refresh refused for user {UserId}: {Reason}; {Count} token families revoked", userId ?? "(none)", reason, revoked);
        context.Reject(Errors.InvalidGrant, "The refresh token is no longer valid.");
    }

    // Why the refresh is refused (null: it is not), and whether it is the account's state (every family goes) or
    // this login's age (this family goes).
    private async Task<(string? Reason, bool WholeAccount)> RefusalAsync(string? authTime, string? userId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return ("the token names no user", false);
        }

        if (await AccountStanding.RefusalAsync(directory, userId, cancellationToken) is { } refusal)
        {
            return (refusal, true);
        }

        if (!long.TryParse(authTime, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || time.GetUtcNow().ToUnixTimeSeconds() - seconds >= options.RefreshTokenLifetimeSeconds)
        {
            return ("the login is older than [oidc] refresh_token_lifetime_seconds", false);
        }

        return (null, false);
    }
}
