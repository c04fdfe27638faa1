namespace Pickup.Core.Flow;

/// <summary>
/// The configuration the engine serves now, and the few it served before: a login keeps the generation it started
/// under (<see cref="LoginAttempt.ConfigurationId"/>) until it ends, while new logins take the current one. Once per
/// server; thread-safe; readers never wait.
/// </summary>
/// <remarks>
/// A replaced generation is kept while a login started under it could still be going (<see cref="Retention"/>), and
/// never more than <see cref="MaxRetired"/> of them. An attempt whose generation is gone (dropped, or made by another
/// node from other files) continues under the current one.
/// </remarks>
public sealed class LiveConfiguration
{
    /// <summary>Most replaced generations kept at once.</summary>
    public const int MaxRetired = 16;

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private volatile ConfigurationGeneration _current;
    private volatile Retired[] _retired = [];

    /// <summary>Starts with <paramref name="initial"/>.</summary>
    public LiveConfiguration(ConfigurationGeneration initial, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(time);
        _current = initial;
        _time = time;
    }

    /// <summary>How long a replaced generation is kept: the longest a login attempt lives.</summary>
    public static TimeSpan Retention => LoginFlow.AttemptLifetime;

    /// <summary>The generation new logins start under.</summary>
    public ConfigurationGeneration Current => _current;

    /// <summary>The generation with this id while it is kept, else <see cref="Current"/>.</summary>
    public ConfigurationGeneration For(string? id)
    {
        var current = _current;
        if (id is null || id == current.Id)
        {
            return current;
        }

        foreach (var retired in _retired)
        {
            if (retired.Generation.Id == id)
            {
                return retired.Generation;
            }
        }

        return current;
    }

    /// <summary>
    /// The factory and identity provider a step option stands for, in the generation that made the option (options of
    /// every kept generation resolve; an option of a dropped one does not).
    /// </summary>
    /// <exception cref="KeyNotFoundException">The option belongs to no kept generation.</exception>
    public ResolvedOption Resolve(Configuration.StepOptionConfig option)
    {
        if (_current.Registry.TryResolve(option, out var resolved))
        {
            return resolved;
        }

        foreach (var retired in _retired)
        {
            if (retired.Generation.Registry.TryResolve(option, out resolved))
            {
                return resolved;
            }
        }

        throw new KeyNotFoundException("the step option belongs to no configuration the engine still keeps");
    }

    /// <summary>Makes <paramref name="next"/> current; the previous one is kept for the logins it started.</summary>
    public void Activate(ConfigurationGeneration next)
    {
        ArgumentNullException.ThrowIfNull(next);
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var previous = _current;
            // The previous one is kept even when its files were the same (a template edit): a request that picked
            // it a moment ago still resolves its options there. By id, the current one is found first.
            _retired = [.. _retired
                .Where(r => now - r.RetiredAt < Retention && !ReferenceEquals(r.Generation, next))
                .Prepend(new Retired(previous, now))
                .Take(MaxRetired)];
            _current = next;
        }
    }

    /// <summary>How many replaced generations are kept now.</summary>
    public int RetiredCount => _retired.Length;

    private sealed record Retired(ConfigurationGeneration Generation, DateTimeOffset RetiredAt);
}
