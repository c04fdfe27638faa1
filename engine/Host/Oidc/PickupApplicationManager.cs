using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace Pickup.Host.Oidc;

/// <summary>
/// OpenIddict's application manager, remembering which client secrets it has already checked. OpenIddict keeps each
/// client secret as a PBKDF2 hash and runs PBKDF2 again on every token request: deliberately slow work repeated for a
/// secret it already accepted. Once a secret has matched a stored hash, the SHA-256 of that
/// secret is kept in memory against that stored hash; the next request presenting the same secret is checked against
/// it in constant time. A secret that does not match what is remembered still goes through PBKDF2 (a guesser gains
/// nothing), and a changed stored hash (a new secret synchronised from the provider file) is a new key, so the old
/// secret stops working at once.
/// </summary>
/// <typeparam name="TApplication">OpenIddict's application entity.</typeparam>
internal sealed class PickupApplicationManager<TApplication>(
    IOpenIddictApplicationCache<TApplication> cache,
    ILogger<OpenIddictApplicationManager<TApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<TApplication> store,
    VerifiedClientSecrets verified)
    : OpenIddictApplicationManager<TApplication>(cache, logger, options, store)
    where TApplication : class
{
    /// <inheritdoc />
    protected override async ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default)
    {
        if (verified.Matches(comparand, secret))
        {
            return true;
        }

        var valid = await base.ValidateClientSecretAsync(secret, comparand, cancellationToken);
        if (valid)
        {
            verified.Remember(comparand, secret);
        }

        return valid;
    }
}

/// <summary>The client secrets already checked, as SHA-256 digests keyed by the stored PBKDF2 hash they matched.</summary>
/// <remarks>Lifetime: once per server (singleton); thread-safe. Bounded: a few clients per engine is the normal case.</remarks>
internal sealed class VerifiedClientSecrets
{
    private const int MaxEntries = 1024;

    private readonly ConcurrentDictionary<string, byte[]> _digests = new(StringComparer.Ordinal);

    public bool Matches(string comparand, string secret) =>
        _digests.TryGetValue(comparand, out var digest) && CryptographicOperations.FixedTimeEquals(digest, Digest(secret));

    public void Remember(string comparand, string secret)
    {
        if (_digests.Count >= MaxEntries)
        {
            _digests.Clear();
        }

        _digests[comparand] = Digest(secret);
    }

    private static byte[] Digest(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
