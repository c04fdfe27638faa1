using System.Collections.Concurrent;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Pickup.Core.Configuration;
using Pickup.Data.Keys;

namespace Pickup.Host.Oidc;

/// <summary>
/// Reads the OpenID Connect keys' generations from the database into an <see cref="OidcKeySnapshot"/>, and makes new
/// generations (<c>pickup keys rotate</c>, and a node finding the signing key older than <c>[oidc]
/// signing_key_rotation_days</c>). Keys already parsed are kept (a row's material never changes). Once per server.
/// </summary>
internal sealed class OidcKeys
{
    private readonly ServerKeyStore _store;
    private readonly ConcurrentDictionary<(string Name, string KeyId), SecurityKey> _parsed = new();

    public OidcKeys(ServerKeyStore store) => _store = store;

    /// <summary>The keys to use at <paramref name="now"/>: every generation not expired, the active one of each kind first.</summary>
    /// <exception cref="InvalidDataException">A kind has no usable generation, or a row cannot be read.</exception>
    public async Task<OidcKeySnapshot> ReadAsync(DateTimeOffset now, CancellationToken ct)
    {
        var rows = await _store.ListAsync(ct);
        var signing = new List<SigningCredentials>();
        var encryption = new List<EncryptingCredentials>();
        var fingerprint = new StringBuilder();
        foreach (var kind in OidcKeyKind.All)
        {
            var generations = new ServerKeyGenerations(kind.BaseName, rows);
            var active = generations.ActiveAt(now)
                ?? throw new InvalidDataException($"server key {kind.BaseName} has no generation that has not expired: run 'pickup keys rotate --now'.");
            var usable = generations.All
                .Select(g => (g.Generation, g.Key, State: generations.StateOf(g.Key, now)))
                .Where(g => g.State != ServerKeyState.Expired)
                .OrderBy(g => g.Key.Name == active.Name ? 0 : 1)
                .ThenByDescending(g => g.Generation);
            foreach (var (_, info, state) in usable)
            {
                var key = await ParseAsync(kind, info, ct);
                if (kind.Signs)
                {
                    signing.Add(kind.Rsa ? new SigningCredentials(key, SecurityAlgorithms.RsaSha256) : new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
                }
                else
                {
                    encryption.Add(new EncryptingCredentials(key, kind.Rsa ? SecurityAlgorithms.RsaOAEP : SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
                }

                fingerprint.Append(info.Name).Append('=').Append(info.KeyId).Append(':').Append(state).Append(';');
            }
        }

        return new OidcKeySnapshot(signing, encryption, fingerprint.ToString());
    }

    /// <summary>
    /// Makes the next generation of every rotating key (see <see cref="OidcKeyKind.Lead"/> for when each is used), and
    /// schedules the retirement of the ones it replaces. Race-free with nodes rotating at the same time.
    /// </summary>
    /// <param name="oidc">The lifetimes that decide how long replaced keys stay.</param>
    /// <param name="now">True to sign with the new identity token key at once (clients with a cached JWKS fail until they refresh it).</param>
    /// <param name="ct">Stops the rotation.</param>
    /// <returns>The new generations (made by this call or, in a race, by another).</returns>
    public async Task<IReadOnlyList<(ServerKeyInfo Key, bool Created)>> RotateAsync(OidcOptions oidc, bool now, CancellationToken ct)
    {
        var rows = await _store.ListAsync(ct);
        var made = new List<(ServerKeyInfo, bool)>();
        foreach (var kind in OidcKeyKind.All.Where(k => k.Rotates))
        {
            made.Add(await RotateKindAsync(kind, new ServerKeyGenerations(kind.BaseName, rows), oidc, now, ct));
        }

        return made;
    }

    /// <summary>
    /// With <c>[oidc] signing_key_rotation_days</c> set, makes the next generation of each rotating key whose active
    /// generation is older than that and that has no newer one waiting. Two nodes doing it at once make one key.
    /// </summary>
    /// <returns>The generations this call made.</returns>
    public async Task<IReadOnlyList<ServerKeyInfo>> RotateDueAsync(OidcOptions oidc, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(oidc);
        if (oidc.SigningKeyRotationDays == 0)
        {
            return [];
        }

        var rows = await _store.ListAsync(ct);
        var made = new List<ServerKeyInfo>();
        foreach (var kind in OidcKeyKind.All.Where(k => k.Rotates))
        {
            var generations = new ServerKeyGenerations(kind.BaseName, rows);
            if (generations.ActiveAt(now) is { } active
                && !generations.HasPending(now)
                && now - active.CreatedAt >= TimeSpan.FromDays(oidc.SigningKeyRotationDays)
                && await RotateKindAsync(kind, generations, oidc, now: false, ct) is (var key, true))
            {
                made.Add(key);
            }
        }

        return made;
    }

    private async Task<(ServerKeyInfo Key, bool Created)> RotateKindAsync(OidcKeyKind kind, ServerKeyGenerations generations, OidcOptions oidc, bool now, CancellationToken ct)
    {
        if (generations.Latest == 0)
        {
            throw new InvalidDataException($"server key {kind.BaseName} does not exist yet: start the engine once first.");
        }

        return await _store.RotateAsync(
            kind.BaseName,
            generations.Latest,
            () => SigningKeyStore.NewDraft(kind),
            kind.Lead(now),
            KeyRotationPolicy.Retention(oidc),
            ct);
    }

    private async Task<SecurityKey> ParseAsync(OidcKeyKind kind, ServerKeyInfo info, CancellationToken ct)
    {
        if (_parsed.TryGetValue((info.Name, info.KeyId), out var known))
        {
            return known;
        }

        var stored = await _store.ReadAsync(info.Name, ct) ?? throw new InvalidDataException($"server key {info.Name} disappeared while it was read.");
        var key = SigningKeyStore.Parse(kind, stored);
        if (key.KeyId != stored.KeyId)
        {
            throw new InvalidDataException($"server key {info.Name} holds a key whose id is {key.KeyId}, not the stored {stored.KeyId}: the row was changed.");
        }

        return _parsed.GetOrAdd((info.Name, info.KeyId), key);
    }
}
