using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server;
using Pickup.Core.Configuration;
using Pickup.Data;
using Pickup.Host.Oidc.BackChannel;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Pickup.Host.Oidc;

/// <summary>The OpenID Connect server: OpenIddict on the engine's database, keys from its server keys' table.</summary>
internal static class OidcServiceCollectionExtensions
{
    public const string AuthorizationPath = "/oauth2/authorize";
    public const string TokenPath = "/oauth2/token";
    public const string UserInfoPath = "/oauth2/userinfo";
    public const string EndSessionPath = "/oidc/logout";
    public const string JwksPath = "/oauth2/jwks";
    public const string RevocationPath = "/oauth2/revoke";

    // OpenIddict's sliding refresh token lifetime: each refresh token expires this long after it was issued (sooner
    // when [oidc] refresh_token_lifetime_seconds is shorter).
    private static readonly TimeSpan SlidingRefreshTokenLifetime = TimeSpan.FromDays(14);

    /// <summary>How long each refresh token lives: the sliding 14 days, or [oidc] refresh_token_lifetime_seconds when shorter.</summary>
    public static TimeSpan RefreshTokenLifetime(OidcOptions oidc)
    {
        var absolute = TimeSpan.FromSeconds(oidc.RefreshTokenLifetimeSeconds);
        return absolute < SlidingRefreshTokenLifetime ? absolute : SlidingRefreshTokenLifetime;
    }

    /// <summary>The private claim carrying the user store's id inside (encrypted) access tokens.</summary>
    public const string UserIdClaim = "pickup_uid";

    /// <param name="services">The engine's services.</param>
    /// <param name="configuration">The configuration.</param>
    /// <param name="keys">The keys read from the database (throw-away ones for <c>config check</c>, which writes nothing).</param>
    public static IServiceCollection AddPickupOidc(this IServiceCollection services, PickupConfiguration configuration, ServerKeySet keys)
    {
        var server = configuration.Deployment.Server;

        MalformedFormGuard.Register(services);
        BackChannelLogoutServices.Register(services);
        services.AddSingleton<VerifiedClientSecrets>();
        services.AddSingleton<ApplicationSnapshots>();
        services.TryAddSingleton(configuration.Deployment.Oidc);
        services.AddOpenIddict()
            .AddCore(options =>
            {
                options.UseEntityFrameworkCore().UseDbContext<PickupDbContext>();
                options.ReplaceApplicationManager(typeof(PickupApplicationManager<>));
                options.ReplaceApplicationStore<OpenIddictEntityFrameworkCoreApplication, ApplicationSnapshotStore>(ServiceLifetime.Scoped);

                // Authorization codes live in the protocol store ([session] store), everything else in the database.
                options.ReplaceTokenStore<OpenIddictEntityFrameworkCoreToken, ProtocolTokenStore>(ServiceLifetime.Scoped);
            })
            .AddServer(options =>
            {
                options.SetIssuer(server.Issuer);
                options.SetAuthorizationEndpointUris(AuthorizationPath[1..])
                    .SetTokenEndpointUris(TokenPath[1..])
                    .SetUserInfoEndpointUris(UserInfoPath[1..])
                    .SetEndSessionEndpointUris(EndSessionPath[1..])
                    .SetJsonWebKeySetEndpointUris(JwksPath[1..])
                    .SetRevocationEndpointUris(RevocationPath[1..]);
                options.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();

                // Rolling refresh tokens (OpenIddict's default, kept): every refresh redeems the token and returns a
                // new one. No reuse leeway: a redeemed refresh token presented again revokes its whole family at once
                // (OpenIddict's default lets it be reused for 30 s, which would let a thief racing the app in on it).
                options.SetRefreshTokenReuseLeeway(null);
                options.SetRefreshTokenLifetime(RefreshTokenLifetime(configuration.Deployment.Oidc));

                // The token families follow the account: each login's authorization is keyed by the user's id, every
                // refresh re-reads the user, and revoking a refresh token revokes its family.
                options.AddEventHandler(UserAuthorizations.Descriptor);
                options.AddEventHandler(RefreshTokenAccountCheck.Descriptor);
                options.AddEventHandler(RevokedRefreshTokenFamily.Descriptor);
                options.AddEventHandler(UnknownKeyIdReload.Descriptor);
                options.AddEventHandler(BackChannelLogoutServices.DiscoveryHandler);
                options.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Phone, Scopes.OfflineAccess);
                options.Configure(o =>
                {
                    // S256 only: "plain" PKCE protects nothing against an attacker who sees the request.
                    o.CodeChallengeMethods.Clear();
                    o.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
                });
                // The keys come from OidcKeyRing (registered below), which follows the database: the symmetric keys
                // protect what the engine reads back itself (codes, access and refresh tokens), which keeps RSA
                // private-key work to one signature per login (the identity token).
                var aspNetCore = options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableErrorPassthrough();
                if (server.Scheme == "http")
                {
                    // Plain http is allowed only on loopback (validated at start-up): development and tests.
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            });

        // The keys in use, re-read from the database while the engine runs. After AddServer: the ring's
        // post-configuration must run after OpenIddict's, which sorts the keys.
        services.AddSingleton(_ => new OidcKeyRing(keys.Oidc));
        services.AddSingleton<IOptionsChangeTokenSource<OpenIddictServerOptions>>(provider => provider.GetRequiredService<OidcKeyRing>());
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(provider => provider.GetRequiredService<OidcKeyRing>());
        services.AddSingleton<IPostConfigureOptions<OpenIddictServerOptions>>(provider => provider.GetRequiredService<OidcKeyRing>());
        services.AddSingleton<OidcKeyRefresher>();
        services.AddHostedService(provider => provider.GetRequiredService<OidcKeyRefresher>());

        // After AddServer, which registers OpenIddict's own dispatcher.
        services.Replace(ServiceDescriptor.Scoped<IOpenIddictServerDispatcher, IndexedServerDispatcher>());
        return services;
    }
}
