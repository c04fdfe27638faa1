using System.Diagnostics.Metrics;

namespace Pickup.Data.Users;

/// <summary>
/// The account instruments (meter <see cref="MeterName"/>): lock-outs started, by the factor whose failure started
/// them. A spike is password spraying or a stuck client. Once per server.
/// </summary>
public sealed class LockoutMetrics
{
    /// <summary>The meter of account metrics.</summary>
    public const string MeterName = "Pickup.Accounts";

    private readonly Counter<long> _lockouts;

    /// <summary>Creates the instruments.</summary>
    public LockoutMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _lockouts = meters.Create(MeterName).CreateCounter<long>(
            "pickup.account.lockouts",
            description: "Lock-outs started ([security.login_limits]), by the factor whose failure reached lockout_after.");
    }

    /// <summary>A failure of <paramref name="factor"/> (a fixed word: password, or a factor's id) started a lock-out.</summary>
    public void LockoutStarted(string factor) => _lockouts.Add(1, new KeyValuePair<string, object?>("factor", factor));
}
