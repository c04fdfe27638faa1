using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Pickup.Host.Oidc;

/// <summary>
/// Before OpenIddict checks a token: when its header names a key id this node does not hold, the node re-reads the
/// keys from the database at once (another node may have started using a key this node has not read yet) and checks
/// the token against the keys it holds then. At most one such re-read per <see cref="MinimumInterval"/>, so made-up key
/// ids cannot drive the database.
/// </summary>
/// <remarks>Lifetime: once per server (singleton).</remarks>
internal sealed class UnknownKeyIdReload(OidcKeyRing ring, OidcKeyRefresher refresher, TimeProvider time) : IOpenIddictServerHandler<ValidateTokenContext>, IDisposable
{
    /// <summary>The least time between two re-reads caused by unknown key ids.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _lastReload = long.MinValue;

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<UnknownKeyIdReload>()
            .SetOrder(OpenIddictServerHandlers.Protection.ValidateIdentityModelToken.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public void Dispose() => _gate.Dispose();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(context.Token) || context.TokenValidationParameters is not { } parameters || KeyIdOf(context.Token) is not { } header)
        {
            return;
        }

        var known = header.Encrypted ? parameters.TokenDecryptionKeys : parameters.IssuerSigningKeys;
        if (known?.Any(k => k.KeyId == header.KeyId) == true)
        {
            return;
        }

        await ReloadAsync(context.CancellationToken);
        var current = ring.Current;
        parameters.IssuerSigningKeys = [.. current.Signing.Select(c => c.Key)];
        parameters.TokenDecryptionKeys = [.. current.Encryption.Select(c => c.Key)];
    }

    // The header's kid, and whether it names an encryption key (a JWE) or a signing key; null for anything else.
    private static (string KeyId, bool Encrypted)? KeyIdOf(string token)
    {
        try
        {
            var jwt = new JsonWebToken(token);
            return string.IsNullOrEmpty(jwt.Kid) ? null : (jwt.Kid, jwt.IsEncrypted);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenMalformedException)
        {
            return null;
        }
    }

    private async Task ReloadAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = time.GetTimestamp();
            if (_lastReload != long.MinValue && time.GetElapsedTime(_lastReload, now) < MinimumInterval)
            {
                return;
            }

            _lastReload = now;
            await refresher.ReloadAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }
}
