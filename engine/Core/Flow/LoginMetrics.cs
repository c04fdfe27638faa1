using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Pickup.Abstractions.Authentication;

namespace Pickup.Core.Flow;

/// <summary>
/// The login instruments of the <see cref="LoginFlow.MeterName"/> meter, which <see cref="LoginFlow"/> feeds with one
/// call per event. Labels are bounded by the configuration and the code, never by what a browser sends: service
/// provider names, step numbers, authenticator ids and failure keys (fixed words of the authenticators) only; never a
/// user name, number, code or address.
/// </summary>
public sealed class LoginMetrics
{
    /// <summary>Label: the service provider's name.</summary>
    public const string ServiceProviderLabel = "service_provider";

    /// <summary>Label: the step's number (1-based).</summary>
    public const string StepLabel = "step";

    /// <summary>Label: the authenticator's id.</summary>
    public const string AuthenticatorLabel = "authenticator";

    /// <summary>Label: the failure key.</summary>
    public const string ReasonLabel = "reason";

    // Attempts in progress on this node are tracked up to this many; a flood of attempts nobody posts to must not
    // grow this node's memory (the gauge then undercounts, which the flood's other signs make plain).
    private const int MaxTracked = 100_000;

    private readonly TimeProvider _time;
    private readonly Counter<long> _started;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _rejected;
    private readonly Histogram<double> _stepDuration;
    private readonly ObservableGauge<int> _activeGauge;

    // Logins started on this node that have neither completed nor failed yet, by a key that survives the attempt's
    // key rotation (browser binding and creation time are copied to each successor), with when each expires. Two
    // logins one browser starts in the same tick share an entry: the gauge undercounts by one, nothing worse.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _active = new(StringComparer.Ordinal);
    private long _lastPrunedTicks;

    /// <summary>Creates the instruments on <paramref name="meter"/>.</summary>
    public LoginMetrics(Meter meter, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _time = time;
        _started = meter.CreateCounter<long>("pickup.login.started", description: "Login attempts started, by service provider.");
        _completed = meter.CreateCounter<long>("pickup.login.completed", description: "Login attempts that passed every step, by service provider.");
        _failed = meter.CreateCounter<long>(
            "pickup.login.failed",
            description: "Login attempts that failed for good, by service provider, step and reason (the failure key).");
        _rejected = meter.CreateCounter<long>(
            "pickup.login.step.rejected",
            description: "Answers a step refused while letting the driver try again (a wrong password or code), by service provider, step, authenticator and reason.");
        _stepDuration = meter.CreateHistogram<double>(
            "pickup.login.step.duration",
            unit: "s",
            description: "How long an authenticator took to start or to check a step (hashing, sending a code), by step and authenticator.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _activeGauge = meter.CreateObservableGauge(
            "pickup.login.active",
            ActiveCount,
            description: "Logins started on this node in the last 15 minutes that have neither completed nor failed.");
    }

    /// <summary>An attempt was created.</summary>
    public void Started(LoginAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        _started.Add(1, new KeyValuePair<string, object?>(ServiceProviderLabel, attempt.ServiceProvider));
        if (!_activeGauge.Enabled)
        {
            return; // Nobody reads the gauge (no management listener): no table to keep on every login.
        }

        // Scrapes drop the logins nobody finished; without any (no management listener), a full table is pruned here,
        // at most once a minute.
        if (_active.Count >= MaxTracked && _time.GetUtcNow().UtcTicks - Volatile.Read(ref _lastPrunedTicks) > TimeSpan.TicksPerMinute)
        {
            ActiveCount();
        }

        if (_active.Count < MaxTracked)
        {
            _active[ActiveKey(attempt)] = attempt.CreatedAt + LoginFlow.AttemptLifetime;
        }
    }

    /// <summary>An attempt passed its last step (a login that ran at least one step).</summary>
    public void Completed(LoginAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        _completed.Add(1, new KeyValuePair<string, object?>(ServiceProviderLabel, attempt.ServiceProvider));
    }

    /// <summary>An attempt is over (completed, whether or not a step ran): no longer in progress.</summary>
    public void Ended(LoginAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        _active.TryRemove(ActiveKey(attempt), out _);
    }

    /// <summary>An attempt failed for good at its current step.</summary>
    /// <param name="attempt">The attempt.</param>
    /// <param name="authenticator">The step's authenticator, or null for the engine's own failures.</param>
    /// <param name="reason">The failure key.</param>
    public void Failed(LoginAttempt attempt, string? authenticator, string? reason)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        _failed.Add(
            1,
            new KeyValuePair<string, object?>(ServiceProviderLabel, attempt.ServiceProvider),
            new KeyValuePair<string, object?>(StepLabel, StepOf(attempt)),
            new KeyValuePair<string, object?>(AuthenticatorLabel, authenticator ?? "engine"),
            new KeyValuePair<string, object?>(ReasonLabel, reason ?? "unknown"));
        Ended(attempt);
    }

    /// <summary>A step answered with a page; counted as a rejection when the page says why the last try failed.</summary>
    public void PageShown(LoginAttempt attempt, string authenticator, AuthenticatorResult result)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Query.GetValueOrDefault("authFailure") != "true")
        {
            return;
        }

        _rejected.Add(
            1,
            new KeyValuePair<string, object?>(ServiceProviderLabel, attempt.ServiceProvider),
            new KeyValuePair<string, object?>(StepLabel, StepOf(attempt)),
            new KeyValuePair<string, object?>(AuthenticatorLabel, authenticator),
            new KeyValuePair<string, object?>(ReasonLabel, result.Query.GetValueOrDefault("authFailureMsg") ?? "unknown"));
    }

    /// <summary>An authenticator started or checked the attempt's current step, taking the time since <paramref name="startTimestamp"/>.</summary>
    public void StepProcessed(LoginAttempt attempt, string authenticator, long startTimestamp)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        _stepDuration.Record(
            _time.GetElapsedTime(startTimestamp).TotalSeconds,
            new KeyValuePair<string, object?>(StepLabel, StepOf(attempt)),
            new KeyValuePair<string, object?>(AuthenticatorLabel, authenticator));
    }

    /// <summary>How many attempts are in progress on this node now.</summary>
    public int ActiveCount()
    {
        var now = _time.GetUtcNow();
        Volatile.Write(ref _lastPrunedTicks, now.UtcTicks);
        foreach (var (key, expires) in _active)
        {
            if (expires <= now)
            {
                _active.TryRemove(key, out _);
            }
        }

        return _active.Count;
    }

    // A short string per step number: a label value, not an integer, as Prometheus keeps them.
    private static string StepOf(LoginAttempt attempt) => attempt.StepIndex switch
    {
        0 => "1",
        1 => "2",
        2 => "3",
        _ => (attempt.StepIndex + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string ActiveKey(LoginAttempt attempt) =>
        attempt.BrowserBinding + "|" + attempt.CreatedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
