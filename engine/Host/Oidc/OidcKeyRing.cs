using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Pickup.Host.Oidc;

/// <summary>
/// The OpenID Connect keys a node uses now, in the order OpenIddict must use them: for each kind the active
/// generation first (OpenIddict signs and encrypts with the first key of a kind), then the others it still accepts
/// (pending ones, so a node that activates later reads what others make; retired ones, until their tokens expire).
/// Immutable: a new snapshot replaces it whole.
/// </summary>
/// <param name="Signing">Signing credentials, symmetric first.</param>
/// <param name="Encryption">Encryption credentials, symmetric first.</param>
/// <param name="Fingerprint">Which rows are in which state: a new snapshot with the same one changes nothing.</param>
internal sealed record OidcKeySnapshot(IReadOnlyList<SigningCredentials> Signing, IReadOnlyList<EncryptingCredentials> Encryption, string Fingerprint);

/// <summary>
/// Hands OpenIddict the current <see cref="OidcKeySnapshot"/> and tells it when there is a new one: OpenIddict reads its
/// options through <see cref="IOptionsMonitor{TOptions}"/>, which rebuilds them (new lists, never a list a request is
/// enumerating) when this change token fires. Once per server.
/// </summary>
internal sealed class OidcKeyRing :
    IOptionsChangeTokenSource<OpenIddictServerOptions>,
    IConfigureOptions<OpenIddictServerOptions>,
    IPostConfigureOptions<OpenIddictServerOptions>,
    IDisposable
{
    private readonly Lock _lock = new();

    // The snapshot each options instance was configured from, so its post-configuration restores that one's order.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<OpenIddictServerOptions, OidcKeySnapshot> _configuredFrom = [];
    private OidcKeySnapshot _current;
    private CancellationTokenSource _changed = new();

    public OidcKeyRing(OidcKeySnapshot initial) => _current = initial;

    /// <summary>The keys in use.</summary>
    public OidcKeySnapshot Current => Volatile.Read(ref _current);

    /// <inheritdoc />
    public string? Name => Options.DefaultName;

    /// <summary>Makes <paramref name="snapshot"/> current when it differs; true when it did.</summary>
    public bool Update(OidcKeySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        CancellationTokenSource previous;
        lock (_lock)
        {
            if (snapshot.Fingerprint == _current.Fingerprint)
            {
                return false;
            }

            Volatile.Write(ref _current, snapshot);
            previous = _changed;
            _changed = new CancellationTokenSource();
        }

        previous.Cancel();
        previous.Dispose();
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _changed.Dispose();
        }
    }

    /// <inheritdoc />
    public IChangeToken GetChangeToken()
    {
        lock (_lock)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    /// <inheritdoc />
    public void Configure(OpenIddictServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var snapshot = Current;
        _configuredFrom.AddOrUpdate(options, snapshot);
        options.SigningCredentials.AddRange(snapshot.Signing);
        options.EncryptionCredentials.AddRange(snapshot.Encryption);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Runs after OpenIddict's own post-configuration, which sorts the credentials (symmetric first) with an unstable
    /// sort: the snapshot's order is put back, so the active generation of each kind is the one that signs.
    /// </remarks>
    public void PostConfigure(string? name, OpenIddictServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name != Options.DefaultName || !_configuredFrom.TryGetValue(options, out var snapshot))
        {
            return;
        }

        // OrderBy is stable: anything not from the snapshot keeps OpenIddict's order, after the snapshot's keys.
        var signing = options.SigningCredentials.OrderBy(c => Rank(snapshot.Signing, c)).ToList();
        options.SigningCredentials.Clear();
        options.SigningCredentials.AddRange(signing);
        var encryption = options.EncryptionCredentials.OrderBy(c => Rank(snapshot.Encryption, c)).ToList();
        options.EncryptionCredentials.Clear();
        options.EncryptionCredentials.AddRange(encryption);
    }

    private static int Rank<T>(IReadOnlyList<T> order, T item)
        where T : class
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (ReferenceEquals(order[i], item))
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
