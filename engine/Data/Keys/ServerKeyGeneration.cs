namespace Pickup.Data.Keys;

/// <summary>Where a key stands in its rotation, at a given time.</summary>
public enum ServerKeyState
{
    /// <summary>Created, published (for a signing key) and accepted, but not used to sign or encrypt yet.</summary>
    Pending,

    /// <summary>The generation that signs or encrypts new tokens.</summary>
    Active,

    /// <summary>Replaced by a newer generation: still published and accepted until the tokens it made have expired.</summary>
    Retired,

    /// <summary>Past its retirement: no longer published or used; the row may be deleted.</summary>
    Expired,
}

/// <summary>
/// A server key's row without its material (for listing, and to decide what to read). Keys that rotate are named
/// <c>BASE</c> (generation 1, the name from before rotation existed) and then <c>BASE.2</c>, <c>BASE.3</c>, …: the
/// generation is part of the primary key, so two nodes making the next generation at once make one key.
/// </summary>
/// <param name="Name">The row's unique name.</param>
/// <param name="KeyId">The key id tokens name.</param>
/// <param name="CreatedAt">When the row was inserted.</param>
/// <param name="ActivatesAt">When it starts signing or encrypting (null: at once, rows from before rotation).</param>
/// <param name="RetiresAt">When it stops being published or accepted (null: not scheduled).</param>
/// <param name="Sealed">True when its material is encrypted with <c>[security] key_encryption_key</c>.</param>
public sealed record ServerKeyInfo(string Name, string KeyId, DateTimeOffset CreatedAt, DateTimeOffset? ActivatesAt, DateTimeOffset? RetiresAt, bool Sealed)
{
    /// <summary>When the key starts (or started) being used: <see cref="ActivatesAt"/>, else its creation.</summary>
    public DateTimeOffset EffectiveActivation => ActivatesAt ?? CreatedAt;

    /// <summary>The row name of generation <paramref name="generation"/> of <paramref name="baseName"/>.</summary>
    public static string NameOf(string baseName, int generation)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseName);
        ArgumentOutOfRangeException.ThrowIfLessThan(generation, 1);
        return generation == 1 ? baseName : $"{baseName}.{generation.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>The generation of this row within <paramref name="baseName"/>'s keys; null when it is not one of them.</summary>
    public int? GenerationOf(string baseName) => GenerationOf(Name, baseName);

    /// <summary>The generation the row <paramref name="name"/> holds of <paramref name="baseName"/>; null when it is not one of them.</summary>
    public static int? GenerationOf(string name, string baseName)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentException.ThrowIfNullOrEmpty(baseName);
        if (name == baseName)
        {
            return 1;
        }

        return name.Length > baseName.Length + 1
            && name.StartsWith(baseName + ".", StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(baseName.Length + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var generation)
            && generation >= 2
            && NameOf(baseName, generation) == name
                ? generation
                : null;
    }
}

/// <summary>The generations of one rotating key, and the state of each at a given time.</summary>
public sealed class ServerKeyGenerations
{
    private readonly List<(int Generation, ServerKeyInfo Key)> _keys;

    /// <summary>The generations of <paramref name="baseName"/> among <paramref name="rows"/> (other rows are ignored).</summary>
    public ServerKeyGenerations(string baseName, IEnumerable<ServerKeyInfo> rows)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseName);
        ArgumentNullException.ThrowIfNull(rows);
        BaseName = baseName;
        _keys = [.. rows.Select(r => (Generation: r.GenerationOf(baseName), Key: r))
            .Where(r => r.Generation is not null)
            .Select(r => (r.Generation!.Value, r.Key))
            .OrderBy(r => r.Item1)];
    }

    /// <summary>The name of the first generation.</summary>
    public string BaseName { get; }

    /// <summary>Every generation, oldest first.</summary>
    public IReadOnlyList<(int Generation, ServerKeyInfo Key)> All => _keys;

    /// <summary>The newest generation number (0 when there is none).</summary>
    public int Latest => _keys.Count == 0 ? 0 : _keys[^1].Generation;

    /// <summary>
    /// The generation that signs or encrypts at <paramref name="now"/>: the newest one activated and not expired; when
    /// none has activated yet, the oldest unexpired one (so a node always has a key to use). Null when every one expired.
    /// </summary>
    public ServerKeyInfo? ActiveAt(DateTimeOffset now)
    {
        var usable = _keys.Where(k => !IsExpired(k.Key, now)).ToList();
        return usable.LastOrDefault(k => k.Key.EffectiveActivation <= now).Key ?? usable.FirstOrDefault().Key;
    }

    /// <summary>The state of <paramref name="key"/> (one of these generations) at <paramref name="now"/>.</summary>
    public ServerKeyState StateOf(ServerKeyInfo key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (IsExpired(key, now))
        {
            return ServerKeyState.Expired;
        }

        if (ActiveAt(now) is { } active && active.Name == key.Name)
        {
            return ServerKeyState.Active;
        }

        return key.EffectiveActivation > now ? ServerKeyState.Pending : ServerKeyState.Retired;
    }

    /// <summary>True when a generation newer than the active one waits for its activation at <paramref name="now"/>.</summary>
    public bool HasPending(DateTimeOffset now) => _keys.Exists(k => StateOf(k.Key, now) == ServerKeyState.Pending);

    private static bool IsExpired(ServerKeyInfo key, DateTimeOffset now) => key.RetiresAt is { } retires && retires <= now;
}
